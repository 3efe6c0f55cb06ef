package dev.tandem.contracts.pipeline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.pipeline.Outcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link PipelineDefinition#check()}: declarations that do not fit together never reach a deployment. */
class PipelineDefinitionTest {

    private static final PipelineDefinition FLAGSHIP = Pipelines.named(ExamplePipeline.NAME);

    record Attributes(double score) {
    }

    /** The example's blueprint with other governed steps. */
    private static PipelineDefinition withGovernedSteps(String name, List<GovernedStep<?>> governed) {
        return definition(name, FLAGSHIP.functions(), governed);
    }

    /** The example's blueprint and input contract with these declarations. */
    private static PipelineDefinition definition(String name, List<FunctionStep> functions, List<GovernedStep<?>> governed) {
        return TestPipelines.of(name, FLAGSHIP.blueprint(), FLAGSHIP.input(), functions, governed, false);
    }

    private static GovernedStep<Attributes> governed(String name, Map<String, StatePath> paths) {
        return governed(name, paths, EnumSet.of(Outcome.ALLOW, Outcome.DENY));
    }

    private static GovernedStep<Attributes> governed(String name, Map<String, StatePath> paths, Set<Outcome> outcomes) {
        return new GovernedStep<>() {
            @Override
            public Set<Outcome> outcomes() {
                return outcomes;
            }

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
                return new StatePath("$.check.evidence");
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
    void theExample_declaresTheGovernedStepItsBlueprintPlacesOnTheAgent() {
        FLAGSHIP.check();
        Step decide = FLAGSHIP.blueprint().step("Decide");
        assertThat(FLAGSHIP.governedStepFor(decide).name()).isEqualTo(decide.handler());
        assertThat(FLAGSHIP.governedStepFor(decide).evidencePath().path()).isEqualTo("$.check.evidence");
        assertThat(FLAGSHIP.function("Check").handler()).isEqualTo("example.CheckHandler");
    }

    @Test
    void anAgentStepWithoutItsGovernedStep_isRefused() {
        assertThatThrownBy(() -> withGovernedSteps("example", List.of()).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("places [decide] on the agent but the pipeline declares governed steps []");
    }

    @Test
    void attributesWithoutAStatePath_areRefused_namingBoth() {
        PipelineDefinition p = withGovernedSteps("example", List.of(governed("decide", Map.of())));
        assertThatThrownBy(p::check).hasMessageContaining("gives state paths for [] but its attributes record Attributes has [score]");
    }

    @Test
    void aGovernedStepThatCannotDeny_isRefused() {
        PipelineDefinition p = withGovernedSteps("example", List.of(governed("decide", Map.of("score", new StatePath("$.check.score")),
                EnumSet.of(Outcome.ALLOW))));
        assertThatThrownBy(p::check).hasMessageContaining("governed step decide must declare DENY among its outcomes");
    }

    @Test
    void aGovernedStepThatCanRequireReview_needsTheBlueprintToRouteItToAReview() {
        PipelineDefinition p = withGovernedSteps("example", List.of(governed("decide", Map.of("score", new StatePath("$.check.score")),
                EnumSet.of(Outcome.ALLOW, Outcome.REVIEW_REQUIRED, Outcome.DENY))));
        assertThatThrownBy(p::check).hasMessageContaining("governed step decide can decide REVIEW_REQUIRED but the blueprint routes no "
                + "$.decide.outcome == REVIEW_REQUIRED to a review");
    }

    @Test
    void aNameThatCannotBePartOfResourceNames_isRefused() {
        PipelineDefinition p = withGovernedSteps("Example_Pipeline",
                List.of(governed("decide", Map.of("score", new StatePath("$.check.score")))));
        assertThatThrownBy(p::check).hasMessageContaining("lower-case letters, digits and dashes");
    }

    @Test
    void aFunctionTheBlueprintInvokesButThePipelineDoesNotDeclare_isRefused() {
        PipelineDefinition p = definition(ExamplePipeline.NAME, List.of(LibrarySteps.MARK_FAILED), FLAGSHIP.governedSteps());
        assertThatThrownBy(p::check).hasMessageContaining("the blueprint invokes functions [Check, MarkFailed] but the pipeline declares "
                + "function steps [MarkFailed]");
    }

    @Test
    void statePaths_deriveFromTheBlueprintAndTheResultRecord() {
        Step check = FLAGSHIP.blueprint().step("Check");
        assertThat(StatePath.result(check).path()).isEqualTo("$.check");
        assertThat(StatePath.result(check, Attributes.class, "score").path()).isEqualTo("$.check.score");
        assertThatThrownBy(() -> StatePath.result(check, Attributes.class, "riskScore"))
                .hasMessageContaining("Attributes has no component riskScore");
        assertThatThrownBy(() -> new StatePath("$.a[0]")).hasMessageContaining("$ followed by .field segments");
    }
}
