package dev.tandem.contracts.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the policy guard decided for a job, with everything an auditor needs to reproduce it.
 *
 * @param policyBundle        bundle id: semantic version plus content hash, e.g. {@code 1.0.0+3f9a...}
 * @param determiningPolicies ids of the policies that produced the outcome
 * @param inputHash           SHA-256 of the canonical authorization input (principal, action, resource)
 * @param redactionPlan       what to redact; empty unless the outcome is ALLOW_WITH_REDACTION or REVIEW_REQUIRED
 * @param decidedBy           who decided: the agent's identity, or {@code reviewer:<sub>} after a review
 * @param agent               the running agent that decided (task ARN, image digest); null when no agent did
 * @param items               per item, when the step decides per item ({@code ItemGovernedStep}): the outcome is then
 *                            the strongest of theirs; empty for a step that decides the job as one
 */
public record PolicyDecision(
        Outcome outcome,
        String policyBundle,
        List<String> determiningPolicies,
        String inputHash,
        RedactionPlan redactionPlan,
        String decidedBy,
        Instant decidedAt,
        AgentIdentity agent,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ItemDecision> items) {

    public PolicyDecision(Outcome outcome, String policyBundle, List<String> determiningPolicies, String inputHash,
                          RedactionPlan redactionPlan, String decidedBy, Instant decidedAt) {
        this(outcome, policyBundle, determiningPolicies, inputHash, redactionPlan, decidedBy, decidedAt, null, List.of());
    }

    public PolicyDecision(Outcome outcome, String policyBundle, List<String> determiningPolicies, String inputHash,
                          RedactionPlan redactionPlan, String decidedBy, Instant decidedAt, AgentIdentity agent) {
        this(outcome, policyBundle, determiningPolicies, inputHash, redactionPlan, decidedBy, decidedAt, agent, List.of());
    }

    /** The decision of one item, or null when the decision has none of that key. */
    public ItemDecision item(String key) {
        return items.stream().filter(i -> i.item().equals(key)).findFirst().orElse(null);
    }

    /** This decision as another party settled it (a reviewer): the same evidence, items and bundle. */
    public PolicyDecision settledBy(Outcome settled, String by, Instant at) {
        return new PolicyDecision(settled, policyBundle, determiningPolicies, inputHash, redactionPlan, by, at, agent, items);
    }

    public PolicyDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(policyBundle, "policyBundle");
        Objects.requireNonNull(inputHash, "inputHash");
        determiningPolicies = determiningPolicies == null ? List.of() : List.copyOf(determiningPolicies);
        redactionPlan = redactionPlan == null ? RedactionPlan.NONE : redactionPlan;
        items = items == null ? List.of() : List.copyOf(items);
    }
}
