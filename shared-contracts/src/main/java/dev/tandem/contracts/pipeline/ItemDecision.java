package dev.tandem.contracts.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a governed step that decides per item (an {@code ItemGovernedStep}) decided for one item, with what an auditor
 * needs to reproduce it: the decision in the pipeline's own vocabulary, the platform outcome it maps to, the policies
 * that determined it, a SHA-256 of exactly what Cedar was asked, the facts the step recorded as its basis (a model
 * version, a score) and the item's durable state as the decision read it.
 *
 * @param item                the item's key within its pipeline (e.g. {@code line-a/press-1})
 * @param decision            the strongest {@code @decision} of the permits that matched, in the step's vocabulary; null
 *                            when the item was denied (a forbid matched, or no permit did)
 * @param outcome             the strongest {@code @outcome} of those permits, DENY when denied
 * @param basis               facts the step records with the decision (sorted by name)
 * @param stateRead           the item's state the decision read; null when the item had none yet
 * @param stateVersion        the version of that state (0 when there was none); the write that follows the decision requires it
 */
public record ItemDecision(String item, String decision, Outcome outcome, List<String> determiningPolicies, String inputHash,
                           Map<String, String> basis, JsonNode stateRead, long stateVersion) {

    public ItemDecision {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(inputHash, "inputHash");
        if (decision == null && outcome != Outcome.DENY) {
            throw new IllegalArgumentException("item " + item + " has no decision but the outcome " + outcome);
        }
        determiningPolicies = determiningPolicies == null ? List.of() : List.copyOf(determiningPolicies);
        basis = basis == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(basis));
        if (stateVersion < 0) {
            throw new IllegalArgumentException("stateVersion must not be negative, was " + stateVersion);
        }
    }
}
