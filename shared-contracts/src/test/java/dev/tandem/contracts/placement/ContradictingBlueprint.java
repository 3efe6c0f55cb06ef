package dev.tandem.contracts.placement;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.GovernanceLevel;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepProfile;
import java.time.Duration;

/** A blueprint that puts a governance-critical, stateful step on a function: the advisor must object. */
public final class ContradictingBlueprint {

    private ContradictingBlueprint() {
    }

    public static Blueprint blueprint() {
        StepProfile light = StepProfile.builder().p99(Duration.ofMillis(200)).build();
        return Blueprint.builder("contradicting", "0.0.1")
                .entry(Step.task("Ingest").onFunction("SubmitJob").timeout(Duration.ofSeconds(10)).profile(light))
                .startAt("Govern")
                .step(Step.task("Govern").onFunction("GovernInALambda").timeout(Duration.ofMinutes(5))
                        .profile(StepProfile.builder().stateful(true).governance(GovernanceLevel.CRITICAL).build()))
                .onError(Step.task("MarkFailed").onFunction("MarkFailed").timeout(Duration.ofSeconds(10)).profile(light))
                .build();
    }
}
