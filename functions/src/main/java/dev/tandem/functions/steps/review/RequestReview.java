package dev.tandem.functions.steps.review;

import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.ReviewItem;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.reviews.ReviewRecord;
import dev.tandem.functions.reviews.ReviewTable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * RequestReview (invoked with {@code .waitForTaskToken}): queues a review item holding the task token
 * and the proposed redaction plan, and marks the job AWAITING_REVIEW. The workflow then waits for the
 * reviewer's decision ({@code POST /v1/reviews/{id}}) or the step's timeout.
 */
@Singleton
public class RequestReview {


    private final ReviewTable reviews;
    private final JobTable jobs;
    private final AuditLog audit;

    public RequestReview(ReviewTable reviews, JobTable jobs, AuditLog audit) {
        this.reviews = reviews;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** One review per job: the id is derived from the job id, so a retried step finds the same item. */
    public static String reviewId(String jobId) {
        return ReviewTable.reviewIdOf(jobId);
    }

    /**
     * @param attributes the job attributes (the workflow input's), shown to the reviewer
     * @param step    the blueprint's review step (the workflow passes its name)
     * @param timeout how long a reviewer has: the review state's TimeoutSeconds, which the workflow passes too
     */
    public Map<String, String> run(String taskToken, String jobId, Map<String, String> attributes, PolicyDecision decision, String step,
                                   java.time.Duration timeout) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String reviewId = reviewId(jobId);
        Instant expires = now.plus(timeout);
        boolean created = reviews.create(new ReviewRecord(new ReviewItem(reviewId, jobId, ReviewItem.Status.PENDING, attributes,
                decision.redactionPlan(), decision.determiningPolicies(), now, expires, null), taskToken));
        jobs.stepStarted(jobId, step, now, JobStatus.AWAITING_REVIEW);
        if (created) {
            audit.append(jobId, AuditActors.function("RequestReview"), AuditEventType.REVIEW_REQUESTED, Map.of("reviewId", reviewId,
                    "policies", String.join(",", decision.determiningPolicies()), "expiresAt", expires.toString()));
        }
        return Map.of("reviewId", reviewId);
    }
}
