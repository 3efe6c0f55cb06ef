package dev.tandem.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.support.FlagshipRequests;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.contracts.pipeline.spi.StatePath;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent routes every registered pipeline's governed steps, and holds each bundle to the outcomes its step declares. */
class GovernedStepsTest {

    private static final PipelineDefinition FLAGSHIP = FlagshipRequests.PIPELINE;

    @Test
    void everyAgentStepOfARegisteredPipeline_getsItsRouteAndBundle() {
        GovernedSteps steps = GovernedSteps.load(List.of(FLAGSHIP), Map.of(), "agent:test", Clock.systemUTC(), null);

        assertThat(steps.route(FLAGSHIP.name(), "Govern")).hasValueSatisfying(route ->
                assertThat(route.governed().name()).isEqualTo(FlagshipRequests.GOVERNED.name()));
    }

    @Test
    void aBundleWithAPolicyDecidingAnUndeclaredOutcome_isRefusedNamingThePolicy() {
        PipelineDefinition narrowed = withOutcomes(EnumSet.of(Outcome.ALLOW, Outcome.DENY));

        assertThatThrownBy(() -> GovernedSteps.load(List.of(narrowed), Map.of(), "agent:test", Clock.systemUTC(), null))
                .isInstanceOf(InvalidPolicyBundleException.class)
                .hasMessageContaining("which governed step " + FLAGSHIP.name() + "/" + FlagshipRequests.GOVERNED.name() + " does not declare")
                .hasMessageContaining("it declares [ALLOW, DENY]");
    }

    @Test
    void aBlueprintRoutingAnOutcomeItsGovernedStepDoesNotDeclare_failsTheDefinitionCheck() {
        assertThatThrownBy(() -> withOutcomes(EnumSet.of(Outcome.ALLOW, Outcome.DENY)).check())
                .hasMessageContaining("the blueprint routes $.decision.outcome == REVIEW_REQUIRED but governed step "
                        + FlagshipRequests.GOVERNED.name() + " declares the outcomes [ALLOW, DENY]");
    }

    /** The flagship with its governed step declaring other outcomes. */
    private static PipelineDefinition withOutcomes(Set<Outcome> outcomes) {
        GovernedStep<?> flagship = FlagshipRequests.GOVERNED;
        GovernedStep<?> narrowed = narrowed(FlagshipRequests.GOVERNED, outcomes);
        assertThat(narrowed.name()).isEqualTo(flagship.name());
        return withStep(narrowed);
    }

    /** The flagship with this governed step in place of its own. */
    private static PipelineDefinition withStep(GovernedStep<?> narrowed) {
        return new PipelineDefinition() {
            @Override
            public Blueprint blueprint() {
                return FLAGSHIP.blueprint();
            }

            @Override
            public InputContract<?> input() {
                return FLAGSHIP.input();
            }

            @Override
            public List<dev.tandem.contracts.pipeline.spi.FunctionStep> functions() {
                return FLAGSHIP.functions();
            }

            @Override
            public List<GovernedStep<?>> governedSteps() {
                return List.of(narrowed);
            }
        };
    }

    @Test
    void aBundleDecidingPerItem_forAStepThatDecidesTheJobAsOne_isRefusedNamingThePolicy() {
        PipelineDefinition mismatched = withStep(narrowed(FlagshipRequests.GOVERNED, EnumSet.allOf(Outcome.class),
                new PolicyBundleRef("policies/test-items/decide", "1.0.0")));

        assertThatThrownBy(() -> GovernedSteps.load(List.of(mismatched), Map.of(), "agent:test", Clock.systemUTC(), null))
                .isInstanceOf(InvalidPolicyBundleException.class)
                .hasMessageContaining("declares @decision(")
                .hasMessageContaining("decides the job as one");
    }

    private static <A extends Record> GovernedStep<A> narrowed(GovernedStep<A> step, Set<Outcome> outcomes) {
        return narrowed(step, outcomes, step.bundle());
    }

    private static <A extends Record> GovernedStep<A> narrowed(GovernedStep<A> step, Set<Outcome> outcomes, PolicyBundleRef bundle) {
        return new GovernedStep<>() {
            @Override
            public String name() {
                return step.name();
            }

            @Override
            public Class<A> attributesType() {
                return step.attributesType();
            }

            @Override
            public Map<String, StatePath> attributePaths() {
                return step.attributePaths();
            }

            @Override
            public StatePath evidencePath() {
                return step.evidencePath();
            }

            @Override
            public Set<Outcome> outcomes() {
                return outcomes;
            }

            @Override
            public PolicyBundleRef bundle() {
                return bundle;
            }

            @Override
            public PolicyRequest request(GovernContext<A> context) {
                return step.request(context);
            }
        };
    }
}
