package dev.tandem.contracts.api;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /v1/pipelines/{pipeline}/kpis}: a pipeline's production figures over a period, from the KPIs each of its
 * jobs recorded when it ended ({@link JobKpis}).
 *
 * @param jobs        jobs that ended in the period
 * @param outcomes    how many ended in each status
 * @param timeToValue submission to end, against the pipeline's target
 * @param steps       per step: its invocations and per-job time (the job's time in the step over its invocations)
 *                    at p50 and p99, against the step's SLO
 * @param cost        USD at {@code pricing}
 * @param reviews     human reviews: verdicts as labels, rates and waits
 * @param trend       the same figures over time
 * @param drift       the outcome mix against the window before
 */
public record PipelineKpis(String pipeline, Instant from, Instant to, long jobs, Map<JobStatus, Long> outcomes, Latency timeToValue,
                           Map<String, StepLatency> steps, Cost cost, ReviewQuality reviews, long stateTransitions,
                           long claimCheckBytes, JobKpis.Pricing pricing, java.util.List<TrendPoint> trend, Drift drift) {

    /**
     * Whether the outcome mix moved: the period's against a baseline window (the same length, just before it), as a
     * population stability index over the outcomes (each share smoothed by half a job). It signals at
     * {@value #DRIFT_PSI} or more once both windows hold {@value #DRIFT_MIN_JOBS} jobs; below that it says so.
     */
    public record Drift(Instant baselineFrom, Instant baselineTo, Map<JobStatus, Long> baseline, Map<JobStatus, Long> current, double psi,
                        boolean signal, String note) {
    }

    /** A PSI of 0.2 or more is conventionally a significant shift. */
    public static final double DRIFT_PSI = 0.2;
    public static final int DRIFT_MIN_JOBS = 20;

    /**
     * The jobs that ended in one slice of the span from the first to the last end (up to {@value #TREND_POINTS} equal
     * slices; empty ones left out): how many, their time to value and their mean cost. What a chart draws.
     */
    public record TrendPoint(Instant from, long jobs, long p50Ms, long p99Ms, double costPerJobUsd) {
    }

    public static final int TREND_POINTS = 20;

    /** Milliseconds at p50 and p99 (nearest rank), the target's, and whether p99 meets it (null without a target). */
    public record Latency(long p50Ms, long p99Ms, Long targetMs, Boolean withinTarget) {
    }

    public record StepLatency(String placement, long invocations, long p50Ms, long p99Ms, Long sloMs, Boolean withinSlo, double gbSeconds) {
    }

    /** Total and per job (mean and p99), the target per job, and the total by part. */
    public record Cost(double totalUsd, double perJobUsd, double p99PerJobUsd, Double targetPerJobUsd, Boolean withinTarget,
                       Map<String, Double> parts) {
    }

    /**
     * Reviews as labels of the agent's REVIEW_REQUIRED proposals.
     *
     * @param approvalRate         approved / reviewed (null without reviews)
     * @param riskAdjustedAccuracy {@code 1 - 2 (rejected + timedOut) / (decided + reviewed)}: of the decided jobs (ended
     *                             COMPLETED or REJECTED), the share whose outcome stood, a reviewed job (one the agent
     *                             found risky) weighing twice and counting as wrong when its reviewer rejected the
     *                             agent's proposal or never answered (null without decided jobs)
     */
    public record ReviewQuality(long reviewed, long approved, long rejected, long timedOut, Double approvalRate, Long p50WaitMs,
                                Long p99WaitMs, Double riskAdjustedAccuracy) {
    }
}
