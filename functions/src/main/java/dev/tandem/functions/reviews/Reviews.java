package dev.tandem.functions.reviews;

import dev.tandem.contracts.api.Limits;
import dev.tandem.contracts.api.ReviewDecision;
import dev.tandem.contracts.api.ReviewDecisionRequest;
import dev.tandem.contracts.api.ReviewItem;
import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.contracts.validation.ContractSchema;
import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.Contracts;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.JobIds;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * {@code GET /v1/reviews} and {@code POST /v1/reviews/{reviewId}}, for reviewers.
 *
 * <p>A decision moves the review out of PENDING with a conditional write first, so of two reviewers
 * deciding at once exactly one wins and the workflow is resumed exactly once; the loser gets 409.
 */
@Singleton
public class Reviews {

    private static final Logger LOG = LoggerFactory.getLogger(Reviews.class);
    private static final int MAX_LIST = 100;
    /** Review decisions are small; anything much larger is not one. */
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final ReviewTable reviews;
    private final SfnClient sfn;
    private final dev.tandem.functions.kpis.SampleChecks samples;
    private final Clock clock = Clock.systemUTC();

    public Reviews(ReviewTable reviews, SfnClient sfn, dev.tandem.functions.kpis.SampleChecks samples) {
        this.reviews = reviews;
        this.sfn = sfn;
        this.samples = samples;
    }

    public ApiResponse list(ApiRequest request) {
        Requests.requireRole(request, Role.REVIEWER);
        String raw = request.queryParameters().getOrDefault("status", "PENDING");
        ReviewItem.Status status;
        try {
            status = ReviewItem.Status.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("/queryStringParameters/status", "status must be one of PENDING, APPROVED, REJECTED, EXPIRED");
        }
        String rawKind = request.queryParameters().getOrDefault("kind", ReviewItem.Kind.DECISION.name());
        ReviewItem.Kind kind;
        try {
            kind = ReviewItem.Kind.valueOf(rawKind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("/queryStringParameters/kind", "kind must be one of DECISION (the workflow waits for it), "
                    + "SAMPLE (a check of an automatic outcome)");
        }
        return ApiResponse.json(200, new dev.tandem.contracts.api.ReviewList(status, kind, reviews.byStatus(status, kind, MAX_LIST)));
    }

    public ApiResponse decide(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.REVIEWER);
        String reviewId = JobIds.require(request, "reviewId");
        Requests.requireJsonBody(request, Math.min(MAX_BODY_BYTES, Limits.MAX_REQUEST_BODY_BYTES));
        ReviewDecisionRequest body = Contracts.validator().parse(ContractSchema.REVIEW_DECISION_REQUEST, request.body(), ReviewDecisionRequest.class);

        ReviewRecord review = reviews.get(reviewId);
        if (review == null) {
            throw ApiException.of(ProblemType.NOT_FOUND, "No review " + reviewId + ".");
        }
        MDC.put(LogField.JOB_ID.key(), review.item().jobId());
        if (review.item().status() != ReviewItem.Status.PENDING) {
            throw ApiException.of(ProblemType.CONFLICT, "Review " + reviewId + " is " + review.item().status()
                    + " already; a decided review cannot be decided again.");
        }
        ReviewItem.Status to = body.decision() == ReviewDecisionRequest.Verdict.APPROVE ? ReviewItem.Status.APPROVED : ReviewItem.Status.REJECTED;
        ReviewDecision decision = new ReviewDecision(body.decision(), body.comment(), "reviewer:" + caller.subject(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!reviews.decide(review.item(), to, decision)) {
            throw ApiException.of(ProblemType.CONFLICT, "Review " + reviewId + " was decided by someone else a moment ago.");
        }
        if (review.item().kind() == ReviewItem.Kind.SAMPLE) {
            // No workflow waits: the verdict is a label on the job's KPIs; the job is not changed.
            try {
                samples.record(review.item().jobId(), new dev.tandem.contracts.api.JobKpis.Sample(
                        dev.tandem.functions.kpis.SampleChecks.verdict(body.decision()), decision.decidedAt()));
            } catch (RuntimeException e) {
                reviews.reopen(reviewId, to);
                throw e;
            }
            LOG.info("sample checked verdict={}", body.decision());
            return ApiResponse.json(200, review.item().decided(to, decision));
        }
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(review.taskToken()).output(Json.write(Map.of(
                    "reviewId", reviewId, "verdict", body.decision().name(), "reviewer", decision.reviewer(),
                    "decidedAt", decision.decidedAt().toString()))));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            reviews.expire(reviewId);
            throw ApiException.of(ProblemType.CONFLICT, "Review " + reviewId
                    + " expired: the workflow stopped waiting for it, so the job was not changed.");
        } catch (RuntimeException e) {
            reviews.reopen(reviewId, to);
            throw e;
        }
        LOG.info("review decided verdict={}", body.decision());
        return ApiResponse.json(200, review.item().decided(to, decision));
    }
}
