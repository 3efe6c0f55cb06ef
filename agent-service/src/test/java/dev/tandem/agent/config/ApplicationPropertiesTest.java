package dev.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.infra.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApplicationPropertiesTest {

    @Test
    void theSettingsMicronautReadsFromApplicationProperties_useTheDeclaredVariables() throws IOException {
        String properties;
        try (InputStream in = ApplicationPropertiesTest.class.getResourceAsStream("/application.properties")) {
            properties = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The CDK app and the local stack set these variables; Micronaut's own settings read them here.
        assertThat(properties).contains("${" + ConfigKey.AGENT_PORT.environmentVariable() + ":");
    }
}
