package dev.tandem.functions.kpis;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.pipeline.WorkflowError;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.placement.MeasuredCost;
import dev.tandem.contracts.placement.PricingTable;
import dev.tandem.functions.jobs.JobRecord;
import dev.tandem.functions.jobs.JobTable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Measures a job when its execution ends (Step Functions' status event: SUCCEEDED, FAILED, TIMED_OUT or ABORTED) and
 * records its {@link JobKpis}: on the job (so {@code GET /v1/jobs/{id}} shows them), in the KPI table (for the pipeline's
 * figures) and as EMF metrics by pipeline. After a redrive the execution's history holds both attempts, and the new
 * measure replaces the first.
 */
@Singleton
public class RecordJobKpis {

    private static final Logger LOG = LoggerFactory.getLogger(RecordJobKpis.class);
    /** The largest history page Step Functions returns. */
    private static final int PAGE = 1000;

    private final JobTable jobs;
    private final KpiTable kpis;
    private final SfnClient sfn;
    private final SampleChecks samples;
    /** The stage's sampling rate for every pipeline, when it sets one ({@code TANDEM_REVIEW_SAMPLE_RATE}). */
    private final Double stageSampleRate;
    private final PricingTable prices = PricingTable.defaults();

    public RecordJobKpis(JobTable jobs, KpiTable kpis, SfnClient sfn, SampleChecks samples, io.micronaut.context.env.Environment environment) {
        this.jobs = jobs;
        this.kpis = kpis;
        this.sfn = sfn;
        this.samples = samples;
        this.stageSampleRate = environment.getProperty(dev.tandem.contracts.infra.ConfigKey.REVIEW_SAMPLE_RATE.property(), Double.class)
                .orElse(null);
        if (stageSampleRate != null && !(stageSampleRate >= 0 && stageSampleRate <= 1)) {
            throw new IllegalArgumentException(dev.tandem.contracts.infra.ConfigKey.REVIEW_SAMPLE_RATE.environmentVariable()
                    + " must be in [0, 1], was " + stageSampleRate);
        }
    }

    /** What the status event says. */
    public record Ended(String jobId, String executionArn, String status, String error, Instant stoppedAt) {
    }

    /** The job's KPIs, recorded; null when the job or its pipeline is unknown here (nothing recorded). */
    public JobKpis record(Ended ended) {
        JobRecord job = jobs.get(ended.jobId());
        PipelineDefinition pipeline = job == null ? null
                : Pipelines.all().stream().filter(p -> p.name().equals(job.pipeline())).findFirst().orElse(null);
        if (pipeline == null) {
            LOG.warn("no job {} of a deployed pipeline: its execution is not measured", ended.jobId());
            return null;
        }
        Blueprint blueprint = pipeline.blueprint();
        ExecutionUsage usage = ExecutionUsage.of(history(ended.executionArn()), blueprint);
        MeasuredCost.JobCost cost = MeasuredCost.of(usage.steps(), ExecutionUsage.memory(blueprint), usage.stateTransitions(), job.inference(),
                prices);
        JobStatus outcome = outcome(job, ended);
        JobKpis.Review review = usage.reviewMillis() == null ? null : new JobKpis.Review(usage.reviewTimedOut()
                ? JobKpis.Review.Verdict.TIMED_OUT : outcome == JobStatus.COMPLETED ? JobKpis.Review.Verdict.APPROVED : JobKpis.Review.Verdict.REJECTED,
                usage.reviewMillis());
        long bytes = (job.payload() == null ? 0 : job.payload().sizeBytes()) + (job.result() == null ? 0 : job.result().sizeBytes());
        JobKpis measured = new JobKpis(ended.stoppedAt(), outcome, Math.max(0, Duration.between(job.createdAt(), ended.stoppedAt()).toMillis()),
                usage.stateTransitions(), usage.steps(), review, bytes, cost.usd(), cost.parts(), new JobKpis.Pricing(prices.region(), prices.asOf()),
                job.decision() == null ? null : job.decision().policyBundle(), job.inference(),
                job.kpis() == null ? null : job.kpis().sample());
        jobs.recordKpis(job.jobId(), measured);
        kpis.put(job.pipeline(), job.jobId(), job.createdAt(), measured);
        publish(job.pipeline(), measured);
        samples.offer(job, measured, stageSampleRate != null ? stageSampleRate : pipeline.reviewSampleRate());
        return measured;
    }

    /**
     * The job's status at the end: its record's when terminal (Finalize, MarkFailed or a cancellation set it); else
     * what the execution's end means (the error handler may not have run yet).
     */
    private static JobStatus outcome(JobRecord job, Ended ended) {
        if (job.status().isTerminal()) {
            return job.status();
        }
        return "SUCCEEDED".equals(ended.status()) ? JobStatus.COMPLETED : WorkflowError.endedStatus(ended.error());
    }

    private List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(PAGE).includeExecutionData(true).nextToken(next));
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    /**
     * One EMF record per job, by pipeline: its time to value, cost, transitions, GB-seconds and agent time, and when its
     * pipeline reported its inference, model invocations, tokens and features; the review's wait and verdict.
     */
    private static void publish(String pipeline, JobKpis k) {
        try {
            Metrics metrics = MetricsFactory.getMetricsInstance();
            metrics.setNamespace(Stages.METRICS_NAMESPACE);
            metrics.addDimension(Stages.PIPELINE_DIMENSION, pipeline);
            metrics.addMetric(Stages.JOB_TIME_TO_VALUE_METRIC, k.timeToValueMs(), MetricUnit.MILLISECONDS);
            metrics.addMetric(Stages.JOB_COST_METRIC, k.costUsd(), MetricUnit.NONE);
            metrics.addMetric(Stages.JOB_TRANSITIONS_METRIC, k.stateTransitions(), MetricUnit.COUNT);
            metrics.addMetric(Stages.JOB_GB_SECONDS_METRIC, k.steps().values().stream().mapToDouble(JobKpis.StepUsage::gbSeconds).sum(),
                    MetricUnit.NONE);
            metrics.addMetric(Stages.JOB_AGENT_SECONDS_METRIC, k.steps().values().stream().filter(s -> "AGENT".equals(s.placement()))
                    .mapToLong(JobKpis.StepUsage::millis).sum() / 1000.0, MetricUnit.SECONDS);
            if (k.inference() != null) {
                metrics.addMetric(Stages.JOB_MODEL_INVOCATIONS_METRIC, k.inference().invocations(), MetricUnit.COUNT);
                metrics.addMetric(Stages.JOB_MODEL_INPUT_TOKENS_METRIC, k.inference().inputTokens(), MetricUnit.COUNT);
                metrics.addMetric(Stages.JOB_MODEL_OUTPUT_TOKENS_METRIC, k.inference().outputTokens(), MetricUnit.COUNT);
                // How many features the job had (all kinds): its mean leaving its usual band is the feature mix drifting.
                metrics.addMetric(Stages.JOB_FEATURES_METRIC, k.inference().features().values().stream().mapToLong(Long::longValue).sum(),
                        MetricUnit.COUNT);
            }
            if (k.review() != null) {
                metrics.addMetric(Stages.JOB_REVIEW_WAIT_METRIC, k.review().millis(), MetricUnit.MILLISECONDS);
            }
            metrics.flush();
            // The outcome as a count by pipeline and outcome: what the outcome-mix anomaly alarms watch.
            MetricsFactory.getMetricsInstance().flushSingleMetric(Stages.JOB_OUTCOME_METRIC, 1, MetricUnit.COUNT, Stages.METRICS_NAMESPACE,
                    software.amazon.lambda.powertools.metrics.model.DimensionSet.of(Stages.PIPELINE_DIMENSION, pipeline,
                            Stages.OUTCOME_DIMENSION, k.outcome().name()));
            if (k.review() != null) {
                // The reviewer's verdict as a label: approval and rejection rates of a stage from CloudWatch.
                MetricsFactory.getMetricsInstance().flushSingleMetric(Stages.JOB_REVIEWS_METRIC, 1, MetricUnit.COUNT, Stages.METRICS_NAMESPACE,
                        software.amazon.lambda.powertools.metrics.model.DimensionSet.of(Stages.PIPELINE_DIMENSION, pipeline,
                                Stages.VERDICT_DIMENSION, k.review().verdict().name()));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not publish the job's KPIs: {}", e.toString());
        }
    }
}
