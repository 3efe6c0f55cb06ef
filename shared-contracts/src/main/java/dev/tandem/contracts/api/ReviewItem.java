package dev.tandem.contracts.api;

import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.RedactionPlan;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An entry of the human review queue ({@code GET /v1/reviews}). The workflow's task token is stored
 * with the item but is never part of this view.
 *
 * @param attributes   the job's attributes (for a document: its purpose and classification), for the reviewer
 * @param proposedPlan the redaction plan the policy proposed; approving applies it
 * @param reasons      ids of the policies that required review
 * @param expiresAt    when the workflow stops waiting and the job ends REJECTED (none for a sample)
 * @param kind         DECISION: the workflow waits for the verdict, which decides the job; SAMPLE: an automatically
 *                     decided job, sampled afterwards (its pipeline's {@code reviewSampleRate()}): APPROVE says its
 *                     outcome stands, REJECT that it is overturned; the job is not changed, the verdict is a label
 * @param sampledOutcome for a SAMPLE, the automatic decision under check
 */
public record ReviewItem(
        String reviewId,
        String jobId,
        Status status,
        Map<String, String> attributes,
        RedactionPlan proposedPlan,
        List<String> reasons,
        Instant createdAt,
        Instant expiresAt,
        ReviewDecision decision,
        Kind kind,
        Outcome sampledOutcome) {

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED }

    public enum Kind { DECISION, SAMPLE }

    /** A review that decides the job (the workflow waits for it). */
    public ReviewItem(String reviewId, String jobId, Status status, Map<String, String> attributes, RedactionPlan proposedPlan,
                      List<String> reasons, Instant createdAt, Instant expiresAt, ReviewDecision decision) {
        this(reviewId, jobId, status, attributes, proposedPlan, reasons, createdAt, expiresAt, decision, Kind.DECISION, null);
    }

    /** The same item in another status, with its decision. */
    public ReviewItem decided(Status to, ReviewDecision by) {
        return new ReviewItem(reviewId, jobId, to, attributes, proposedPlan, reasons, createdAt, expiresAt, by, kind, sampledOutcome);
    }

    public ReviewItem {
        Objects.requireNonNull(reviewId, "reviewId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
        proposedPlan = proposedPlan == null ? RedactionPlan.NONE : proposedPlan;
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        kind = kind == null ? Kind.DECISION : kind;
        if ((kind == Kind.SAMPLE) != (sampledOutcome != null)) {
            throw new IllegalArgumentException("a sample names the outcome under check, and only a sample does");
        }
    }
}
