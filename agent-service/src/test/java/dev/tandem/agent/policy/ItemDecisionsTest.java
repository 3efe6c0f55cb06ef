package dev.tandem.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.spi.ItemRequest;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.contracts.pipeline.spi.PolicyRequest.Entity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A step that decides per item, in its own vocabulary (KEEP < WATCH < HALT): each item's decision is the strongest of the
 * permits that match it, its outcome the strongest of theirs, a forbid denies it, and the job's outcome is the strongest
 * of its items'. A test bundle, so that the platform's rule stands apart from any pipeline's policies.
 */
class ItemDecisionsTest {

    private static final List<String> VOCABULARY = List.of("KEEP", "WATCH", "HALT");
    private static final PolicyGuard GUARD = new PolicyGuard(
            PolicyBundle.load(new PolicyBundleRef("policies/test-items/decide", "1.0.0"), ItemDecisionsTest.class.getClassLoader()),
            "agent:test", Clock.systemUTC());

    private static PolicyGuard.ItemInput item(String id, long level, boolean forced, boolean known) {
        PolicyRequest request = new PolicyRequest(Entity.of("Test::Source", "gateway-1"), Entity.of("Test::Action", "decide"),
                Entity.of("Test::Item", id, Map.of("level", level, "forced", forced, "known", known), List.of()), Map.of(), List.of(), null);
        return new PolicyGuard.ItemInput(id, new ItemRequest(request, Map.of("level", Long.toString(level))), null, 0);
    }

    @Test
    void eachItem_getsTheStrongestDecisionOfItsPermits_andTheJobTheStrongestOutcome() {
        PolicyDecision decision = GUARD.decideItems("job-1", VOCABULARY, List.of(
                item("a", 1, false, true), item("b", 4, false, true), item("c", 7, false, true)));

        assertThat(decision.items()).extracting(ItemDecision::item, ItemDecision::decision, ItemDecision::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "KEEP", Outcome.ALLOW),
                org.assertj.core.groups.Tuple.tuple("b", "WATCH", Outcome.ALLOW),
                org.assertj.core.groups.Tuple.tuple("c", "HALT", Outcome.REVIEW_REQUIRED));
        assertThat(decision.outcome()).isEqualTo(Outcome.REVIEW_REQUIRED);
        assertThat(decision.item("c").determiningPolicies()).containsExactly("halt-with-approval", "keep", "watch");
        assertThat(decision.determiningPolicies()).containsExactly("halt-with-approval", "keep", "watch");
        assertThat(decision.item("b").basis()).containsEntry("level", "4");
    }

    @Test
    void aForcedHalt_isDecidedWithoutApproval() {
        PolicyDecision decision = GUARD.decideItems("job-2", VOCABULARY, List.of(item("a", 9, true, true), item("b", 0, false, true)));

        assertThat(decision.item("a").decision()).isEqualTo("HALT");
        assertThat(decision.item("a").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aForbid_deniesTheItem_withoutADecision_andTheJob() {
        PolicyDecision decision = GUARD.decideItems("job-3", VOCABULARY, List.of(item("a", 1, false, true), item("x", 1, false, false)));

        assertThat(decision.item("x").decision()).isNull();
        assertThat(decision.item("x").outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.item("x").determiningPolicies()).containsExactly("unknown-item");
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void theInputHash_coversEveryItem_andTheDecisionSurvivesJson() {
        PolicyDecision one = GUARD.decideItems("job-4", VOCABULARY, List.of(item("a", 1, false, true), item("b", 4, false, true)));
        PolicyDecision same = GUARD.decideItems("job-4", VOCABULARY, List.of(item("a", 1, false, true), item("b", 4, false, true)));
        PolicyDecision other = GUARD.decideItems("job-4", VOCABULARY, List.of(item("a", 1, false, true), item("b", 5, false, true)));

        assertThat(same.inputHash()).isEqualTo(one.inputHash());
        assertThat(other.inputHash()).isNotEqualTo(one.inputHash());
        assertThat(other.item("a").inputHash()).isEqualTo(one.item("a").inputHash());
        assertThat(Json.read(Json.write(one), PolicyDecision.class)).isEqualTo(one);
    }

    @Test
    void aJobWideDecision_carriesNoItems_inItsJson() {
        PolicyDecision decision = new PolicyDecision(Outcome.ALLOW, "1.0.0+abc", List.of("keep"), "hash", null, "agent:test",
                java.time.Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(Json.write(decision)).doesNotContain("items");
        assertThat(Json.read(Json.write(decision), PolicyDecision.class).items()).isEmpty();
    }

    @Test
    void whatTheBundlesSchemaDoesNotDeclare_isLeftOut_soAnOlderBundleDecidesANewerStepsRequest() {
        // A newer step sends what its newer policies read (a resource attribute, a context value); this bundle's schema
        // declares neither, so none of its policies can read them: the item is decided, and hashed, as without them.
        PolicyRequest newer = new PolicyRequest(Entity.of("Test::Source", "gateway-1"), Entity.of("Test::Action", "decide"),
                Entity.of("Test::Item", "b", Map.of("level", 4L, "forced", false, "known", true, "cooldown", 2L), List.of()),
                Map.of("shift", "night"), List.of(), null);
        PolicyDecision decided = GUARD.decideItems("job-5", VOCABULARY, List.of(
                new PolicyGuard.ItemInput("b", new ItemRequest(newer, Map.of("level", "4")), null, 0)));
        PolicyDecision without = GUARD.decideItems("job-5", VOCABULARY, List.of(item("b", 4, false, true)));

        assertThat(decided.item("b").decision()).isEqualTo("WATCH");
        assertThat(decided.item("b").inputHash()).isEqualTo(without.item("b").inputHash());
        assertThat(GUARD.bundle().shape().declared("Test::Item")).containsExactly("forced", "known", "level");
        assertThat(GUARD.bundle().shape().declared("Test::Unknown")).isNull();
    }
}
