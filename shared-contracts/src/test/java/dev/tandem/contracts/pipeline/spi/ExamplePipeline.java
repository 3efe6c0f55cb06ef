package dev.tandem.contracts.pipeline.spi;

import static dev.tandem.contracts.blueprint.GovernanceLevel.CRITICAL;
import static dev.tandem.contracts.blueprint.GovernanceLevel.HIGH;
import static dev.tandem.contracts.blueprint.GovernanceLevel.LOW;
import static dev.tandem.contracts.blueprint.TrafficPattern.BURSTY;
import static dev.tandem.contracts.blueprint.TrafficPattern.STEADY;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepProfile;
import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.infra.TandemFunction;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The pipeline registered for this module's tests ({@code src/test/resources/META-INF/services}): the SPI's
 * core is tested without any real pipeline on the class path.
 */
public class ExamplePipeline implements PipelineDefinition {

    public static final String NAME = "example";
    static final FunctionStep CHECK = new FunctionStep("Check", "example.CheckHandler", EnumSet.of(Grant.DOCUMENTS_WRITE));

    /** What the Check step returns. */
    public record CheckResult(long score, PayloadRefLike evidence) {
    }

    /** Stands in for a claim check in the result record. */
    public record PayloadRefLike(String uri) {
    }

    /** What the governed step reads. */
    public record Attributes(long score) {
    }

    private static final Blueprint BLUEPRINT = Blueprint.builder(NAME, "0.1.0")
            .entry(Step.task("Ingest").onFunction(TandemFunction.SUBMIT_JOB.logicalName()).timeout(Duration.ofSeconds(10))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(HIGH).slo(Duration.ofSeconds(1))
                            .traffic(BURSTY).payloadKiB(64).memoryMb(1024).warmPool(true).build()))
            .startAt("Check")
            .step(Step.task("Check").onFunction(CHECK.name()).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(500)).governance(LOW).slo(Duration.ofSeconds(5))
                            .traffic(BURSTY).payloadKiB(4).memoryMb(512).build())
                    .next("Decide"))
            .step(Step.task("Decide").onAgent("decide").timeout(Duration.ofMinutes(5)).heartbeat(Duration.ofSeconds(60))
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
        return List.of(CHECK, LibrarySteps.MARK_FAILED);
    }

    @Override
    public List<GovernedStep<?>> governedSteps() {
        Step check = BLUEPRINT.step("Check");
        return List.of(new GovernedStep<Attributes>() {
            @Override
            public String name() {
                return "decide";
            }

            @Override
            public Class<Attributes> attributesType() {
                return Attributes.class;
            }

            @Override
            public Map<String, StatePath> attributePaths() {
                return Map.of("score", StatePath.result(check, CheckResult.class, "score"));
            }

            @Override
            public StatePath evidencePath() {
                return StatePath.result(check, CheckResult.class, "evidence");
            }

            @Override
            public PolicyBundleRef bundle() {
                return new PolicyBundleRef("policies/example/decide", "0.1.0");
            }

            @Override
            public PolicyRequest request(GovernContext<Attributes> context) {
                return new PolicyRequest(PolicyRequest.Entity.of("Example::User", context.principal().subject()),
                        PolicyRequest.Entity.of("Example::Action", "decide"),
                        PolicyRequest.Entity.of("Example::Case", context.jobId(), Map.of("score", context.attributes().score()), List.of()),
                        Map.of(), List.of(), null);
            }
        });
    }
}
