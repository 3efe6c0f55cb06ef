package dev.tandem.contracts.pipeline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelinesTest {

    @Test
    void aRegisteredPipeline_isFoundOnTheClassPath_byItsName_andChecked() {
        // This module's tests register ExamplePipeline (src/test/resources/META-INF/services).
        assertThat(Pipelines.all()).extracting(PipelineDefinition::name).containsExactly(ExamplePipeline.NAME);
        PipelineDefinition example = Pipelines.named(ExamplePipeline.NAME);
        assertThat(example.blueprint().name()).isEqualTo(example.name());
        assertThat(example).isInstanceOf(ExamplePipeline.class);
    }

    @Test
    void anUnknownName_isAnErrorListingTheRegisteredPipelines() {
        assertThatThrownBy(() -> Pipelines.named("no-such-pipeline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pipeline named no-such-pipeline")
                .hasMessageContaining(ExamplePipeline.NAME);
    }

    @Test
    void theDefault_isTheOneDeclaringIt_elseTheOnlyOne_elseNone() {
        PipelineDefinition example = Pipelines.named(ExamplePipeline.NAME);
        PipelineDefinition declaring = new ExamplePipeline() {
            @Override
            public String name() {
                return "declared-default";
            }

            @Override
            public boolean isDefault() {
                return true;
            }
        };
        PipelineDefinition other = new ExamplePipeline() {
            @Override
            public String name() {
                return "other";
            }
        };

        assertThat(Pipelines.defaultPipeline()).contains(example);
        assertThat(Pipelines.defaultOf(java.util.List.of(example, declaring))).contains(declaring);
        assertThat(Pipelines.defaultOf(java.util.List.of(example, other))).isEmpty();
        assertThatThrownBy(() -> Pipelines.checkDefaults(java.util.List.of(declaring, declaring)))
                .hasMessageContaining("several pipelines declare themselves the default");
    }
}
