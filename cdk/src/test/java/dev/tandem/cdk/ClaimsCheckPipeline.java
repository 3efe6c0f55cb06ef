package dev.tandem.cdk;

import static dev.tandem.contracts.blueprint.GovernanceLevel.CRITICAL;
import static dev.tandem.contracts.blueprint.GovernanceLevel.HIGH;
import static dev.tandem.contracts.blueprint.GovernanceLevel.LOW;
import static dev.tandem.contracts.blueprint.TrafficPattern.BURSTY;
import static dev.tandem.contracts.blueprint.TrafficPattern.STEADY;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.RetryPolicy;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepProfile;
import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.FunctionStep;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.LibrarySteps;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.contracts.pipeline.spi.StatePath;
import dev.tandem.contracts.validation.ContractSchema;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A second pipeline for the template tests, declared only through the SPI: a function step of its own, a
 * governed step, and a library step as its error handler. It proves two pipelines deploy side by side.
 */
final class ClaimsCheckPipeline implements PipelineDefinition {

    static final String NAME = "claims-check";
    static final FunctionStep CHECK = new FunctionStep("Check", "example.claims.CheckHandler", EnumSet.of(Grant.DOCUMENTS_WRITE));

    record CheckResult(long amountCents, String evidence) {
    }

    record Attributes(long amountCents) {
    }

    private static final Blueprint BLUEPRINT = Blueprint.builder(NAME, "0.1.0")
            .entry(Step.task("Ingest").onFunction(TandemFunction.SUBMIT_JOB.logicalName()).timeout(Duration.ofSeconds(10))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(HIGH).slo(Duration.ofSeconds(1))
                            .traffic(BURSTY).payloadKiB(64).memoryMb(1024).warmPool(true).build()))
            .startAt("Check")
            .step(Step.task("Check").onFunction(CHECK.name()).timeout(Duration.ofSeconds(30))
                    .retry(RetryPolicy.exponential(RetryPolicy.LAMBDA_TRANSIENT, Duration.ofSeconds(1), 3, Duration.ofSeconds(10)))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(500)).governance(LOW).slo(Duration.ofSeconds(5))
                            .traffic(BURSTY).payloadKiB(4).memoryMb(512).build())
                    .next("Decide"))
            .step(Step.task("Decide").onAgent("approve").timeout(Duration.ofMinutes(5)).heartbeat(Duration.ofSeconds(60))
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
    public ContractSchema inputSchema() {
        return ContractSchema.SUBMIT_JOB_REQUEST;
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
                return "approve";
            }

            @Override
            public Class<Attributes> attributesType() {
                return Attributes.class;
            }

            @Override
            public Map<String, StatePath> attributePaths() {
                return Map.of("amountCents", StatePath.result(check, CheckResult.class, "amountCents"));
            }

            @Override
            public StatePath evidencePath() {
                return StatePath.result(check, CheckResult.class, "evidence");
            }

            @Override
            public PolicyBundleRef bundle() {
                return new PolicyBundleRef("policies/claims-check/approve", "0.1.0");
            }

            @Override
            public PolicyRequest request(GovernContext<Attributes> context) {
                throw new UnsupportedOperationException("not run in template tests");
            }
        });
    }
}
