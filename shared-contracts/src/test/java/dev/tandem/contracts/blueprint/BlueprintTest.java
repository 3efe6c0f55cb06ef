package dev.tandem.contracts.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlueprintTest {

    private static final StepProfile PROFILE = StepProfile.builder().build();

    private static Step.Builder fn(String name) {
        return Step.task(name).onFunction(name).timeout(Duration.ofSeconds(30)).profile(PROFILE);
    }

    private static Blueprint.Builder base() {
        return Blueprint.builder("p", "1").entry(fn("Ingest")).onError(fn("MarkFailed"));
    }

    @Test
    void build_withDanglingNext_namesTheMissingStep() {
        assertThatThrownBy(() -> base().startAt("A").step(fn("A").next("Nowhere")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step A continues with Nowhere, which is not a workflow step");
    }

    @Test
    void build_withUnreachableStep_namesIt() {
        assertThatThrownBy(() -> base().startAt("A").step(fn("A")).step(fn("Orphan")).build())
                .hasMessageContaining("step Orphan is not reachable from A");
    }

    @Test
    void build_withDuplicateNames_isRejected() {
        assertThatThrownBy(() -> base().startAt("A").step(fn("A").next("B")).step(fn("B")).step(fn("B")).build())
                .hasMessageContaining("step name B is used twice");
    }

    @Test
    void build_withALoopAndNoEnd_isRejected() {
        assertThatThrownBy(() -> base().startAt("A").step(fn("A").next("B")).step(fn("B").next("A")).build())
                .hasMessageContaining("no step ends the workflow");
    }

    @Test
    void build_withUnknownStart_isRejected() {
        assertThatThrownBy(() -> base().startAt("Z").step(fn("A")).build()).hasMessageContaining("startAt Z");
    }

    @Test
    void steps_checkTheirOwnShape() {
        assertThatThrownBy(() -> Step.choice("C").when("$.x", "y", "A").build())
                .hasMessageContaining("needs rules and an otherwise branch");
        assertThatThrownBy(() -> Step.map("M").onFunction("m").timeout(Duration.ofSeconds(1)).profile(PROFILE).build())
                .hasMessageContaining("needs an itemsPath");
        assertThatThrownBy(() -> fn("H").heartbeat(Duration.ofSeconds(30)).build())
                .hasMessageContaining("heartbeat must be shorter than the timeout");
        assertThatThrownBy(() -> Step.task("T").onFunction("t").timeout(Duration.ofSeconds(1)).build())
                .hasMessageContaining("needs a profile");
        assertThatThrownBy(() -> Step.waitForReview("R").onAgent("r").timeout(Duration.ofHours(1)).profile(PROFILE).build())
                .hasMessageContaining("stores its task token through a function");
        assertThatThrownBy(() -> fn("bad-name").build()).hasMessageContaining("alphanumeric");
        assertThatThrownBy(() -> Step.choice("C").when("x", "y", "A").otherwise("A").build())
                .hasMessageContaining("JSONPath");
    }

    @Test
    void retryPolicy_rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(java.util.List.of(), Duration.ofSeconds(1), 2, 2.0, Duration.ofSeconds(5), true))
                .hasMessageContaining("must name the errors");
        assertThatThrownBy(() -> RetryPolicy.exponential(java.util.List.of("E"), Duration.ofSeconds(10), 2, Duration.ofSeconds(5)))
                .hasMessageContaining("interval <= maxDelay");
    }
}
