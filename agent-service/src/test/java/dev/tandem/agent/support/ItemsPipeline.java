package dev.tandem.agent.support;

import static dev.tandem.contracts.blueprint.GovernanceLevel.CRITICAL;
import static dev.tandem.contracts.blueprint.GovernanceLevel.HIGH;
import static dev.tandem.contracts.blueprint.GovernanceLevel.LOW;
import static dev.tandem.contracts.blueprint.TrafficPattern.BURSTY;
import static dev.tandem.contracts.blueprint.TrafficPattern.STEADY;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepProfile;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.spi.FunctionStep;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.ItemGovernedStep;
import dev.tandem.contracts.pipeline.spi.ItemRequest;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.pipeline.spi.LibrarySteps;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.contracts.pipeline.spi.StatePath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pipeline for the agent's tests of steps that decide per item: its step counts the decisions applied to each item
 * (the item's state) and Cedar decides KEEP on a fresh item, WATCH on one decided before. A test can hold the first
 * requests at a barrier ({@link #holdFirst}) so that two tasks read the same state before either commits.
 */
public class ItemsPipeline implements PipelineDefinition {

    public static final String NAME = "items-test";
    public static final String STEP = "Decide";

    /** What the task carries: the items it decides. */
    public record Attributes(List<String> items) {
    }

    /** An item's state: how many decisions were applied to it. */
    public record Counter(long count) {
    }

    private static volatile CyclicBarrier barrier;
    private static final AtomicInteger held = new AtomicInteger();

    /** The first {@code parties} item requests wait for each other (each task reads its states before it asks); 0 holds none. */
    public static void holdFirst(int parties) {
        held.set(parties);
        barrier = parties > 0 ? new CyclicBarrier(parties) : null;
    }

    private static final Blueprint BLUEPRINT = Blueprint.builder(NAME, "0.1.0")
            .entry(Step.task("Ingest").onFunction(TandemFunction.SUBMIT_JOB.logicalName()).timeout(Duration.ofSeconds(10))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(HIGH).slo(Duration.ofSeconds(1))
                            .traffic(BURSTY).payloadKiB(64).memoryMb(1024).warmPool(true).build()))
            .startAt(STEP)
            .step(Step.task(STEP).onAgent("count").resultAt("decision").timeout(Duration.ofMinutes(5)).heartbeat(Duration.ofSeconds(60))
                    .profile(StepProfile.builder().p99(Duration.ofSeconds(3)).stateful(true).governance(CRITICAL)
                            .slo(Duration.ofSeconds(10)).traffic(STEADY).payloadKiB(8).memoryMb(2048).warmPool(true).build()))
            .onError(Step.task("MarkFailed").onFunction(LibrarySteps.MARK_FAILED.name()).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(LOW).slo(Duration.ofSeconds(30))
                            .traffic(BURSTY).payloadKiB(4).memoryMb(512).build()))
            .build();

    @Override
    public Blueprint blueprint() {
        return BLUEPRINT;
    }

    @Override
    public InputContract<?> input() {
        return LibraryInputs.DOCUMENT;
    }

    @Override
    public List<FunctionStep> functions() {
        return List.of(LibrarySteps.MARK_FAILED);
    }

    @Override
    public List<GovernedStep<?>> governedSteps() {
        return List.of(new ItemGovernedStep<Attributes, Counter>() {
            @Override
            public String name() {
                return "count";
            }

            @Override
            public Class<Attributes> attributesType() {
                return Attributes.class;
            }

            @Override
            public Map<String, StatePath> attributePaths() {
                return Map.of("items", StatePath.input(dev.tandem.contracts.pipeline.WorkflowInput.class, "attributes").field("items"));
            }

            @Override
            public StatePath evidencePath() {
                return StatePath.input(dev.tandem.contracts.pipeline.WorkflowInput.class, "payload");
            }

            @Override
            public PolicyBundleRef bundle() {
                return new PolicyBundleRef("policies/test-items/count", "1.0.0");
            }

            @Override
            public List<String> decisions() {
                return List.of("KEEP", "WATCH");
            }

            @Override
            public Class<Counter> stateType() {
                return Counter.class;
            }

            @Override
            public List<String> items(GovernContext<Attributes> context) {
                return context.attributes().items();
            }

            @Override
            public Counter initialState(String item) {
                return new Counter(0);
            }

            @Override
            public Map<String, ItemRequest> requests(GovernContext<Attributes> context, Map<String, Counter> states) {
                CyclicBarrier gate = barrier;
                if (gate != null && held.getAndDecrement() > 0) {
                    try {
                        gate.await(20, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the other task never read its state", e);
                    }
                }
                Map<String, ItemRequest> requests = new java.util.LinkedHashMap<>();
                states.forEach((item, state) -> {
                    PolicyRequest request = new PolicyRequest(PolicyRequest.Entity.of("Test::Source", context.principal().subject()),
                            PolicyRequest.Entity.of("Test::Action", "decide"),
                            PolicyRequest.Entity.of("Test::Item", item, Map.of("level", state.count(), "forced", false, "known", true), List.of()),
                            Map.of(), List.of(), null);
                    requests.put(item, new ItemRequest(request, Map.of("count", Long.toString(state.count()))));
                });
                return requests;
            }

            @Override
            public Counter next(String item, Counter state, ItemDecision decision, Instant decidedAt) {
                return new Counter(state.count() + 1);
            }
        });
    }
}
