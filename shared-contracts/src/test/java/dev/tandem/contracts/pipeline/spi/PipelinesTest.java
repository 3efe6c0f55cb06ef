package dev.tandem.contracts.pipeline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.contracts.api.SubmitJobRequest;
import org.junit.jupiter.api.Test;

class PipelinesTest {

    @Test
    void theFlagship_isFoundOnTheClassPath_byItsName() {
        assertThat(Pipelines.all()).extracting(PipelineDefinition::name).contains(SubmitJobRequest.DEFAULT_PIPELINE);
        PipelineDefinition flagship = Pipelines.named(SubmitJobRequest.DEFAULT_PIPELINE);
        assertThat(flagship.blueprint().name()).isEqualTo(flagship.name());
        assertThat(flagship.blueprint().steps()).isNotEmpty();
    }

    @Test
    void anUnknownName_isAnErrorListingTheRegisteredPipelines() {
        assertThatThrownBy(() -> Pipelines.named("no-such-pipeline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pipeline named no-such-pipeline")
                .hasMessageContaining(SubmitJobRequest.DEFAULT_PIPELINE);
    }
}
