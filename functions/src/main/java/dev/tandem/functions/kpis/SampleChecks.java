package dev.tandem.functions.kpis;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.ReviewItem;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.functions.jobs.JobRecord;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.reviews.ReviewRecord;
import dev.tandem.functions.reviews.ReviewTable;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Quality sampling of automatic outcomes: when a job ends decided without a human review, a share of such jobs (its
 * pipeline's {@link PipelineDefinition#reviewSampleRate()}, or the stage's) gets a SAMPLE review item; a reviewer's
 * verdict on it (the outcome stands, or it is overturned) is recorded on the job's KPIs, where the pipeline's overturn
 * rate is counted. The job itself is never changed by a sample.
 */
@Singleton
public class SampleChecks {

    private static final Logger LOG = LoggerFactory.getLogger(SampleChecks.class);

    private final ReviewTable reviews;
    private final JobTable jobs;
    private final KpiTable kpis;

    public SampleChecks(ReviewTable reviews, JobTable jobs, KpiTable kpis) {
        this.reviews = reviews;
        this.jobs = jobs;
        this.kpis = kpis;
    }

    /**
     * Whether the job falls in a sample of {@code rate}: a function of its id alone (the first 8 bytes of its SHA-256 as
     * a fraction of 2^64), so the same jobs are sampled however often they are measured.
     */
    public static boolean sampled(String jobId, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
            double fraction = (ByteBuffer.wrap(digest).getLong() >>> 11) / (double) (1L << 53);
            return fraction < rate;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks for a check of the ended job's automatic outcome when it falls in the sample: a PENDING SAMPLE review item
     * (once per job). Jobs a human reviewed, and jobs that ended without a decision, are not sampled.
     *
     * @return whether the job is (now or already) sampled
     */
    public boolean offer(JobRecord job, JobKpis measured, double rate) {
        boolean decided = measured.outcome() == JobStatus.COMPLETED || measured.outcome() == JobStatus.REJECTED;
        if (!decided || measured.review() != null || job.decision() == null || !sampled(job.jobId(), rate)) {
            return false;
        }
        ReviewItem item = new ReviewItem(ReviewTable.sampleIdOf(job.jobId()), job.jobId(), ReviewItem.Status.PENDING, job.attributes(),
                job.decision().redactionPlan(), job.decision().determiningPolicies(), Instant.now(), null, null, ReviewItem.Kind.SAMPLE,
                job.decision().outcome());
        if (reviews.create(new ReviewRecord(item, null))) {
            LOG.info("sampled the automatic outcome {} for a check", job.decision().outcome());
        }
        return true;
    }

    /** Records a reviewer's check of a sampled job on its KPIs (the job's and the KPI table's), and as a metric. */
    public void record(String jobId, JobKpis.Sample check) {
        JobRecord job = jobs.get(jobId);
        if (job == null || job.kpis() == null) {
            throw new IllegalStateException("job " + jobId + " has no measure to record its sample check on");
        }
        JobKpis checked = job.kpis().withSample(check);
        jobs.recordKpis(jobId, checked);
        kpis.put(job.pipeline(), jobId, job.createdAt(), checked);
        try {
            MetricsFactory.getMetricsInstance().flushSingleMetric(Stages.SAMPLE_CHECKS_METRIC, 1, MetricUnit.COUNT, Stages.METRICS_NAMESPACE,
                    DimensionSet.of(Stages.PIPELINE_DIMENSION, job.pipeline(), Stages.VERDICT_DIMENSION, check.verdict().name()));
        } catch (RuntimeException e) {
            LOG.warn("could not publish the sample check: {}", e.toString());
        }
    }

    /** The verdict a reviewer's decision on a sample means. */
    public static JobKpis.Sample.Verdict verdict(dev.tandem.contracts.api.ReviewDecisionRequest.Verdict decision) {
        return decision == dev.tandem.contracts.api.ReviewDecisionRequest.Verdict.APPROVE ? JobKpis.Sample.Verdict.CONFIRMED
                : JobKpis.Sample.Verdict.OVERTURNED;
    }
}
