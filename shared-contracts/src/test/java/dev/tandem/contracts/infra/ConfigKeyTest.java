package dev.tandem.contracts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    @Test
    void environmentVariables_areWhatDeployedStagesAlreadySet() {
        // Deployed functions and task definitions carry these names: changing one breaks a running stage.
        assertThat(ConfigKey.KILL_SWITCH_PREFIX.environmentVariable()).isEqualTo("TANDEM_KILL_SWITCH_PREFIX");
        assertThat(ConfigKey.STATE_MACHINE_ARNS.environmentVariable()).isEqualTo("TANDEM_STATE_MACHINE_ARNS");
        assertThat(ConfigKey.MODEL_BEDROCK_MODEL_ID.environmentVariable()).isEqualTo("TANDEM_MODEL_BEDROCK_MODEL_ID");
        assertThat(ConfigKey.AGENT_QUEUE_URL.environmentVariable()).isEqualTo("TANDEM_AGENT_QUEUE_URL");
        assertThat(ConfigKey.endpointVariable("dynamodb")).isEqualTo("TANDEM_ENDPOINTS_DYNAMODB");
        assertThat(Tables.JOBS.environmentVariable()).isEqualTo("TANDEM_TABLE_JOBS");
        assertThat(Tables.JOBS.property()).isEqualTo("tandem.table.jobs");
    }

    @Test
    void everyKey_mapsToOneVariable_andNoTwoKeysShareOne() {
        assertThat(Arrays.stream(ConfigKey.values()).map(ConfigKey::environmentVariable))
                .allMatch(v -> v.matches("TANDEM_[A-Z0-9_]+"))
                .doesNotHaveDuplicates();
    }
}
