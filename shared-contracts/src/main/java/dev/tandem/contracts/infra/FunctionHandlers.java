package dev.tandem.contracts.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tandem's Lambda functions by logical name, and the handler class each runs: the CDK app deploys
 * these, and the local stack hosts the same classes in-process.
 */
public final class FunctionHandlers {

    /** Pipeline steps (the blueprint names them) and SubmitJob, the pipeline's entry. */
    public static final Map<String, String> PIPELINE;
    /** The API's other routes. */
    public static final Map<String, String> API;

    static {
        Map<String, String> pipeline = new LinkedHashMap<>();
        pipeline.put("SubmitJob", "dev.tandem.functions.jobs.SubmitJobHandler");
        pipeline.put("Extract", "dev.tandem.functions.steps.extract.ExtractHandler");
        pipeline.put("AnalyzeChunk", "dev.tandem.functions.steps.analyze.AnalyzeChunkHandler");
        pipeline.put("Assess", "dev.tandem.functions.steps.assess.AssessHandler");
        pipeline.put("RequestReview", "dev.tandem.functions.steps.review.RequestReviewHandler");
        pipeline.put("Finalize", "dev.tandem.functions.steps.finalize.FinalizeHandler");
        pipeline.put("MarkFailed", "dev.tandem.functions.steps.failed.MarkFailedHandler");
        PIPELINE = java.util.Collections.unmodifiableMap(pipeline);
        Map<String, String> api = new LinkedHashMap<>();
        api.put("GetJob", "dev.tandem.functions.jobs.GetJobHandler");
        api.put("GetJobAudit", "dev.tandem.functions.audit.GetJobAuditHandler");
        api.put("GetJobLineage", "dev.tandem.functions.lineage.GetJobLineageHandler");
        api.put("FindLineage", "dev.tandem.functions.lineage.FindLineageHandler");
        api.put("ListReviews", "dev.tandem.functions.reviews.ListReviewsHandler");
        api.put("DecideReview", "dev.tandem.functions.reviews.DecideReviewHandler");
        api.put("Health", "dev.tandem.functions.health.HealthHandler");
        API = java.util.Collections.unmodifiableMap(api);
    }

    private FunctionHandlers() {
    }

    public static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(PIPELINE);
        all.putAll(API);
        return all;
    }
}
