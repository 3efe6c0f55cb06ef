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
 * @param drift       the outcome and feature mixes against the window before, overall and per release
 * @param models      what the jobs' models did, from what their pipeline reported
 */
public record PipelineKpis(String pipeline, Instant from, Instant to, long jobs, Map<JobStatus, Long> outcomes, Latency timeToValue,
                           Map<String, StepLatency> steps, Cost cost, ReviewQuality reviews, long stateTransitions,
                           long claimCheckBytes, JobKpis.Pricing pricing, java.util.List<TrendPoint> trend, Drift drift, Models models) {

    /**
     * Whether the outcome mix moved: the period's against a baseline window (the same length, just before it), as a
     * population stability index over the outcomes (each share smoothed by half a job). It signals at
     * {@value #DRIFT_PSI} or more once both windows hold {@value #DRIFT_MIN_JOBS} jobs; below that it says so.
     *
     * @param features the feature mix (e.g. findings by type) of the jobs that reported one, judged the same way
     * @param releases per (model version, policy bundle) of the period: its outcome and feature mixes against the same
     *                 release's baseline, or against the whole baseline when the release is new (what changed with it)
     */
    public record Drift(Instant baselineFrom, Instant baselineTo, Map<JobStatus, Long> baseline, Map<JobStatus, Long> current, double psi,
                        boolean signal, String note, Mix features, java.util.List<Release> releases) {
    }

    /** Counts by feature in the baseline and the period, their PSI (each share smoothed by half a feature), the signal. */
    public record Mix(Map<String, Long> baseline, Map<String, Long> current, double psi, boolean signal, String note) {
    }

    /**
     * One release of the period: the jobs served by a model version under a policy bundle ({@code unreported} when the
     * pipeline reported no model, {@code undecided} when no bundle decided).
     *
     * @param against  {@code release}: the same release's baseline jobs; {@code pipeline}: all baseline jobs (the release
     *                 has too few of its own, e.g. it is new)
     */
    public record Release(String modelVersion, String policyBundle, long jobs, long baselineJobs, String against, double outcomePsi,
                          double featurePsi, boolean signal, String note) {
    }

    /**
     * What the jobs' models did, over the jobs whose pipeline reported it.
     *
     * @param jobsByModelVersion  how many jobs each model version served
     * @param jobsByPolicyBundle  how many jobs each policy bundle decided
     */
    public record Models(long jobs, long invocations, long inputTokens, long outputTokens, double invocationsPerJob, double tokensPerJob,
                         Map<String, Long> jobsByModelVersion, Map<String, Long> jobsByPolicyBundle) {
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
     * @param sampled              automatically decided jobs a reviewer checked afterwards (the pipeline's sampling)
     * @param overturned           of those, the ones whose outcome the reviewer overturned
     * @param overturnRate         overturned / sampled (null without checked samples): an estimate of how often an
     *                             automatic outcome is wrong
     */
    public record ReviewQuality(long reviewed, long approved, long rejected, long timedOut, Double approvalRate, Long p50WaitMs,
                                Long p99WaitMs, Double riskAdjustedAccuracy, long sampled, long overturned, Double overturnRate) {
    }
}
