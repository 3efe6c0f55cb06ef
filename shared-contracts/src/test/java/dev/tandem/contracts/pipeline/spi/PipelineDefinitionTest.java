package dev.tandem.contracts.pipeline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.contracts.api.SubmitJobRequest;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.validation.ContractSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PipelineDefinition#check()}: declarations that do not fit together never reach a deployment. */
class PipelineDefinitionTest {

    private static final PipelineDefinition FLAGSHIP = Pipelines.named(SubmitJobRequest.DEFAULT_PIPELINE);

    record Attributes(double score) {
    }

    /** The flagship's blueprint with other governed steps. */
    private static PipelineDefinition withGovernedSteps(String name, List<GovernedStep<?>> governed) {
        return new PipelineDefinition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Blueprint blueprint() {
                return FLAGSHIP.blueprint();
            }

            @Override
            public ContractSchema inputSchema() {
                return FLAGSHIP.inputSchema();
            }

            @Override
            public List<GovernedStep<?>> governedSteps() {
                return governed;
            }
        };
    }

    private static GovernedStep<Attributes> governed(String name, Map<String, StatePath> paths) {
        return new GovernedStep<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Class<Attributes> attributesType() {
                return Attributes.class;
            }

            @Override
            public Map<String, StatePath> attributePaths() {
                return paths;
            }

            @Override
            public StatePath evidencePath() {
                return new StatePath("$.assessment.findings");
            }

            @Override
            public PolicyBundleRef bundle() {
                return new PolicyBundleRef("policies/test", "1.0.0");
            }

            @Override
            public PolicyRequest request(GovernContext<Attributes> context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void theFlagship_declaresTheGovernedStepItsBlueprintPlacesOnTheAgent() {
        FLAGSHIP.check();
        Step govern = FLAGSHIP.blueprint().step("Govern");
        assertThat(FLAGSHIP.governedStepFor(govern).name()).isEqualTo(govern.handler());
        assertThat(FLAGSHIP.governedStepFor(govern).evidencePath().path()).isEqualTo("$.assessment.findings");
    }

    @Test
    void anAgentStepWithoutItsGovernedStep_isRefused() {
        assertThatThrownBy(() -> withGovernedSteps("document-compliance", List.of()).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("places [govern] on the agent but the pipeline declares governed steps []");
    }

    @Test
    void attributesWithoutAStatePath_areRefused_namingBoth() {
        PipelineDefinition p = withGovernedSteps("document-compliance", List.of(governed("govern", Map.of())));
        assertThatThrownBy(p::check).hasMessageContaining("gives state paths for [] but its attributes record Attributes has [score]");
    }

    @Test
    void aNameThatCannotBePartOfResourceNames_isRefused() {
        PipelineDefinition p = withGovernedSteps("Document_Compliance",
                List.of(governed("govern", Map.of("score", new StatePath("$.assessment.riskScore")))));
        assertThatThrownBy(p::check).hasMessageContaining("lower-case letters, digits and dashes");
    }

    @Test
    void statePaths_deriveFromTheBlueprintAndTheResultRecord() {
        Step assess = FLAGSHIP.blueprint().step("Assess");
        assertThat(StatePath.result(assess).path()).isEqualTo("$.assessment");
        assertThat(StatePath.result(assess, Attributes.class, "score").path()).isEqualTo("$.assessment.score");
        assertThatThrownBy(() -> StatePath.result(assess, Attributes.class, "riskScore"))
                .hasMessageContaining("Attributes has no component riskScore");
        assertThatThrownBy(() -> new StatePath("$.a[0]")).hasMessageContaining("$ followed by .field segments");
    }
}
