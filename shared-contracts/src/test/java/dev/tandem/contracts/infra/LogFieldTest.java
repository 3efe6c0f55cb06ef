package dev.tandem.contracts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogFieldTest {

    @Test
    void theTraceId_isTheRootOfAnXRayHeader_orABareId_andNothingElse() {
        assertThat(LogField.traceIdOf("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
                .isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(LogField.traceIdOf("Parent=53995c3f42cd8ad8; Root=1-5759e988-bd862e3fe1be46a994272793"))
                .isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(LogField.traceIdOf("1-5759e988-bd862e3fe1be46a994272793")).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(LogField.traceIdOf("Parent=53995c3f42cd8ad8;Sampled=1")).isNull();
        assertThat(LogField.traceIdOf(" ")).isNull();
        assertThat(LogField.traceIdOf(null)).isNull();
    }

    @Test
    void theKeys_areDistinctCamelCaseNames() {
        assertThat(java.util.Arrays.stream(LogField.values()).map(LogField::key))
                .doesNotHaveDuplicates().allMatch(k -> k.matches("[a-z][A-Za-z]+"));
    }
}
