package dev.tandem.contracts.api;

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
 * @param expiresAt    when the workflow stops waiting and the job ends REJECTED
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
        ReviewDecision decision) {

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED }

    public ReviewItem {
        Objects.requireNonNull(reviewId, "reviewId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
        proposedPlan = proposedPlan == null ? RedactionPlan.NONE : proposedPlan;
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
