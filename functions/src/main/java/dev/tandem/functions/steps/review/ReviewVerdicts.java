package dev.tandem.functions.steps.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.functions.reviews.ReviewTable;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * How a review step ended, for the step after it: the reviewer's verdict at the review step's result ({@code $.review}),
 * or the step's timeout (the workflow's Catch puts it at {@code $.reviewError}). Settling audits it (REVIEW_APPROVED,
 * REVIEW_REJECTED, or REVIEW_TIMED_OUT with the pending review item expired), once per call: call it from the step that
 * finishes the job, before it finishes it.
 */
@Singleton
public class ReviewVerdicts {

    /** How a review ended. */
    public enum Verdict { APPROVED, REJECTED, TIMED_OUT }

    /**
     * @param reviewer who decided; null when the review timed out
     */
    public record Settled(Verdict verdict, String reviewer, String reviewId) {
        public boolean approved() {
            return verdict == Verdict.APPROVED;
        }
    }

    private final AuditLog audit;
    private final ReviewTable reviews;

    public ReviewVerdicts(AuditLog audit, ReviewTable reviews) {
        this.audit = audit;
        this.reviews = reviews;
    }

    /**
     * Reads and audits how the job's review ended.
     *
     * @throws IllegalStateException when the state carries neither a verdict nor a review error (a workflow that skipped
     *                               its review)
     */
    public Settled settle(String jobId, JsonNode state) {
        JsonNode review = state.path("review");
        String reviewId = RequestReview.reviewId(jobId);
        String verdict = review.path("verdict").asText();
        if (verdict.equals("APPROVE") || verdict.equals("REJECT")) {
            String reviewer = review.path("reviewer").asText();
            boolean approved = verdict.equals("APPROVE");
            audit.append(jobId, reviewer, approved ? AuditEventType.REVIEW_APPROVED : AuditEventType.REVIEW_REJECTED, Map.of("reviewId", reviewId));
            return new Settled(approved ? Verdict.APPROVED : Verdict.REJECTED, reviewer, reviewId);
        }
        if (state.has("reviewError")) {
            reviews.expire(reviewId);
            audit.append(jobId, AuditActors.WORKFLOW, AuditEventType.REVIEW_TIMED_OUT, Map.of("reviewId", reviewId,
                    "error", state.path("reviewError").path("Error").asText("States.Timeout")));
            return new Settled(Verdict.TIMED_OUT, null, reviewId);
        }
        throw new IllegalStateException("job " + jobId + " requires review but carries no verdict and no review error");
    }
}
