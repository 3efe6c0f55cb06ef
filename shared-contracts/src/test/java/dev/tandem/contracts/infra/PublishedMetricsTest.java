package dev.tandem.contracts.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublishedMetricsTest {

    @Test
    void aMetricsDimensionValues_followItsDimensionsInOrder_andMustNameEachOnce() {
        assertThat(PublishedMetrics.JOB_OUTCOME.dimensionValues("p", "REJECTED"))
                .containsExactly(java.util.Map.entry(Stages.PIPELINE_DIMENSION, "p"), java.util.Map.entry(Stages.OUTCOME_DIMENSION, "REJECTED"));
        assertThat(PublishedMetrics.AGENT_QUEUE_LAG.dimensionValues()).isEmpty();
        assertThatThrownBy(() -> PublishedMetrics.JOB_OUTCOME.dimensionValues("p")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[Pipeline, Outcome]");
    }
}
