package dev.tandem.contracts.pipeline.spi;

import static dev.tandem.contracts.infra.Grant.AUDIT_WRITE;
import static dev.tandem.contracts.infra.Grant.DOCUMENTS_WRITE;
import static dev.tandem.contracts.infra.Grant.EVENTS;
import static dev.tandem.contracts.infra.Grant.EXECUTION_HISTORY;
import static dev.tandem.contracts.infra.Grant.JOBS_WRITE;
import static dev.tandem.contracts.infra.Grant.MODEL;
import static dev.tandem.contracts.infra.Grant.REVIEWS_WRITE;

import java.util.EnumSet;

/**
 * Function steps Tandem ships for any pipeline to use: list them in {@link PipelineDefinition#functions()} and
 * place them in the blueprint by name. Their handlers live in the functions module's steps artifact.
 */
public final class LibrarySteps {

    /** PII detectors and the sensitivity model over one chunk of text (a Map step's item): findings claim check and score. */
    public static final FunctionStep ANALYZE_CHUNK = new FunctionStep("AnalyzeChunk",
            "dev.tandem.functions.steps.analyze.AnalyzeChunkHandler", EnumSet.of(DOCUMENTS_WRITE, MODEL));

    /** Human review: queues a review item with the task token; the workflow waits for a reviewer's decision. */
    public static final FunctionStep REQUEST_REVIEW = new FunctionStep("RequestReview",
            "dev.tandem.functions.steps.review.RequestReviewHandler", EnumSet.of(REVIEWS_WRITE, JOBS_WRITE, AUDIT_WRITE));

    /**
     * Ends a job with its governed decision (the state's {@code $.decision}): COMPLETED when it allows, REJECTED
     * otherwise; audits and publishes the job-completed event. For pipelines whose last step has no result of its own.
     */
    public static final FunctionStep COMPLETE = new FunctionStep("Complete",
            "dev.tandem.functions.steps.complete.CompleteHandler", EnumSet.of(JOBS_WRITE, AUDIT_WRITE, EVENTS));

    /**
     * The error handler: invoked by the pipeline's execution-failure rule (an execution of its state machine ended
     * FAILED, TIMED_OUT or ABORTED), records the failed step and its cause on the job, audits it and publishes the event.
     */
    public static final FunctionStep MARK_FAILED = new FunctionStep("MarkFailed",
            "dev.tandem.functions.steps.failed.MarkFailedHandler", EnumSet.of(JOBS_WRITE, AUDIT_WRITE, EVENTS, EXECUTION_HISTORY));

    private LibrarySteps() {
    }
}
