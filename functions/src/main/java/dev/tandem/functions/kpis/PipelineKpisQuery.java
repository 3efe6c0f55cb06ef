package dev.tandem.functions.kpis;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.KpiMath;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.PipelineKpis;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.pipeline.spi.KpiTargets;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.placement.PricingTable;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/pipelines/{pipeline}/kpis?from=&to=} (auditor, operator): the pipeline's figures over the jobs created in
 * the period (default the last 30 days, at most 92), from the KPIs each recorded when it ended.
 */
@Singleton
public class PipelineKpisQuery {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final Duration MAX_PERIOD = Duration.ofDays(92);
    /** The most jobs one answer reads. */
    static final int MAX_JOBS = 20_000;

    private final KpiTable table;
    private final Clock clock;

    @jakarta.inject.Inject
    public PipelineKpisQuery(KpiTable table) {
        this(table, Clock.systemUTC());
    }

    PipelineKpisQuery(KpiTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public ApiResponse get(ApiRequest request) {
        Requests.requireRole(request, Role.AUDITOR, Role.OPERATOR);
        PipelineDefinition pipeline = dev.tandem.functions.pipelines.PipelineCatalog.fromPath(request, Pipelines.all());
        String name = pipeline.name();
        Requests.Period period = Requests.period(request, clock.instant(), DEFAULT_PERIOD, MAX_PERIOD);
        List<JobKpis> jobs = table.between(name, period.from(), period.to(), MAX_JOBS);
        Requests.Period before = baseline(period);
        List<JobKpis> baseline = table.between(name, before.from(), before.to(), MAX_JOBS);
        return ApiResponse.json(200, summarize(pipeline, period, jobs, baseline));
    }

    /** The baseline window: as long as the period, ending just before it. */
    static Requests.Period baseline(Requests.Period period) {
        Duration length = Duration.between(period.from(), period.to());
        java.time.Instant to = period.from().minusNanos(1);
        return new Requests.Period(to.minus(length), to);
    }

    /** A release the pipeline did not report a model for, or that no policy bundle decided. */
    static final String UNREPORTED = "unreported";
    static final String UNDECIDED = "undecided";

    /**
     * The jobs' outcome mix and feature mix against the baseline's, overall and per release ({@link PipelineKpis.Drift}).
     */
    static PipelineKpis.Drift drift(Requests.Period baselineWindow, List<JobKpis> baseline, List<JobKpis> current) {
        Map<JobStatus, Long> before = outcomes(baseline);
        Map<JobStatus, Long> now = outcomes(current);
        KpiMath.Judgement outcome = KpiMath.judge(before, baseline.size(), now, current.size(), baseline.size(), current.size(), "outcome");

        List<JobKpis> baselineReporting = baseline.stream().filter(j -> j.inference() != null).toList();
        List<JobKpis> currentReporting = current.stream().filter(j -> j.inference() != null).toList();
        Map<String, Long> featuresBefore = features(baselineReporting);
        Map<String, Long> featuresNow = features(currentReporting);
        KpiMath.Judgement featureMix = KpiMath.judge(featuresBefore, total(featuresBefore), featuresNow, total(featuresNow),
                baselineReporting.size(), currentReporting.size(), "feature");
        PipelineKpis.Mix features = new PipelineKpis.Mix(featuresBefore, featuresNow, featureMix.psi(), featureMix.signal(),
                featureMix.note() + (KpiMath.enough(baselineReporting.size(), currentReporting.size()) ? "" : " that reported their features"));

        Map<List<String>, List<JobKpis>> releasesBefore = byRelease(baseline);
        List<PipelineKpis.Release> releases = new ArrayList<>();
        byRelease(current).forEach((release, jobs) -> {
            List<JobKpis> own = releasesBefore.getOrDefault(release, List.of());
            boolean sameRelease = own.size() >= PipelineKpis.DRIFT_MIN_JOBS;
            List<JobKpis> against = sameRelease ? own : baseline;
            double outcomePsi = KpiMath.psi(outcomes(against), against.size(), outcomes(jobs), jobs.size());
            Map<String, Long> fAgainst = features(against);
            Map<String, Long> fNow = features(jobs);
            double releaseFeaturePsi = KpiMath.psi(fAgainst, total(fAgainst), fNow, total(fNow));
            boolean releaseEnough = KpiMath.enough(against.size(), jobs.size());
            boolean releaseSignal = releaseEnough && Math.max(outcomePsi, releaseFeaturePsi) >= PipelineKpis.DRIFT_PSI;
            String what = outcomePsi >= releaseFeaturePsi ? "outcome" : "feature";
            releases.add(new PipelineKpis.Release(release.get(0), release.get(1), jobs.size(), against.size(),
                    sameRelease ? "release" : "pipeline", round(outcomePsi), round(releaseFeaturePsi), releaseSignal,
                    !releaseEnough ? KpiMath.tooFew(against.size(), jobs.size())
                            : releaseSignal ? "the " + what + " mix moved" + (sameRelease ? "" : " against the jobs before this release")
                            : "the mixes hold"));
        });
        return new PipelineKpis.Drift(baselineWindow.from(), baselineWindow.to(), before, now, outcome.psi(), outcome.signal(), outcome.note(),
                features, releases);
    }

    private static Map<JobStatus, Long> outcomes(List<JobKpis> jobs) {
        Map<JobStatus, Long> out = new EnumMap<>(JobStatus.class);
        jobs.forEach(j -> out.merge(j.outcome(), 1L, Long::sum));
        return out;
    }

    private static Map<String, Long> features(List<JobKpis> jobs) {
        Map<String, Long> out = new TreeMap<>();
        jobs.stream().filter(j -> j.inference() != null).forEach(j -> j.inference().features().forEach((f, n) -> out.merge(f, n, Long::sum)));
        return out;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The jobs by (model version, policy bundle), in a stable order. */
    private static Map<List<String>, List<JobKpis>> byRelease(List<JobKpis> jobs) {
        Map<List<String>, List<JobKpis>> out = new TreeMap<>(java.util.Comparator.comparing((List<String> r) -> r.get(0))
                .thenComparing(r -> r.get(1)));
        jobs.forEach(j -> out.computeIfAbsent(List.of(j.inference() == null ? UNREPORTED : j.inference().modelVersion(),
                j.policyBundle() == null ? UNDECIDED : j.policyBundle()), r -> new ArrayList<>()).add(j));
        return out;
    }

    /** What the jobs' models did, over those whose pipeline reported it. */
    static PipelineKpis.Models models(List<JobKpis> jobs) {
        List<JobKpis> reporting = jobs.stream().filter(j -> j.inference() != null).toList();
        long invocations = reporting.stream().mapToLong(j -> j.inference().invocations()).sum();
        long in = reporting.stream().mapToLong(j -> j.inference().inputTokens()).sum();
        long out = reporting.stream().mapToLong(j -> j.inference().outputTokens()).sum();
        Map<String, Long> byModel = new TreeMap<>();
        reporting.forEach(j -> byModel.merge(j.inference().modelVersion(), 1L, Long::sum));
        Map<String, Long> byBundle = new TreeMap<>();
        jobs.stream().filter(j -> j.policyBundle() != null).forEach(j -> byBundle.merge(j.policyBundle(), 1L, Long::sum));
        return new PipelineKpis.Models(reporting.size(), invocations, in, out,
                reporting.isEmpty() ? 0 : round((double) invocations / reporting.size()),
                reporting.isEmpty() ? 0 : round((double) (in + out) / reporting.size()), byModel, byBundle);
    }

    static PipelineKpis summarize(PipelineDefinition pipeline, Requests.Period period, List<JobKpis> jobs) {
        return summarize(pipeline, period, jobs, List.of());
    }

    static PipelineKpis summarize(PipelineDefinition pipeline, Requests.Period period, List<JobKpis> jobs, List<JobKpis> baseline) {
        KpiTargets targets = pipeline.kpiTargets();
        Map<JobStatus, Long> outcomes = outcomes(jobs);

        List<Long> ttv = jobs.stream().map(JobKpis::timeToValueMs).sorted().toList();
        Long ttvTarget = targets.timeToValueP99() == null ? null : targets.timeToValueP99().toMillis();
        PipelineKpis.Latency timeToValue = new PipelineKpis.Latency(percentile(ttv, 50), percentile(ttv, 99), ttvTarget,
                ttvTarget == null || ttv.isEmpty() ? null : percentile(ttv, 99) <= ttvTarget);

        Map<String, Long> slos = KpiMath.slos(pipeline.blueprint());
        Map<String, List<Long>> perStep = new TreeMap<>();
        Map<String, long[]> invocations = new TreeMap<>();
        Map<String, Double> gbSeconds = new TreeMap<>();
        Map<String, String> placements = new HashMap<>();
        for (JobKpis j : jobs) {
            j.steps().forEach((step, u) -> {
                if (u.invocations() > 0) {
                    perStep.computeIfAbsent(step, k -> new ArrayList<>()).add(u.millis() / u.invocations());
                }
                invocations.computeIfAbsent(step, k -> new long[1])[0] += u.invocations();
                gbSeconds.merge(step, u.gbSeconds(), Double::sum);
                placements.put(step, u.placement());
            });
        }
        Map<String, PipelineKpis.StepLatency> steps = new TreeMap<>();
        perStep.forEach((step, values) -> {
            Collections.sort(values);
            Long slo = slos.get(step);
            long p99 = percentile(values, 99);
            steps.put(step, new PipelineKpis.StepLatency(placements.get(step), invocations.get(step)[0], percentile(values, 50), p99, slo,
                    slo == null ? null : p99 <= slo, round(gbSeconds.get(step))));
        });

        List<Double> costs = jobs.stream().map(JobKpis::costUsd).sorted().toList();
        double total = costs.stream().mapToDouble(Double::doubleValue).sum();
        double perJob = jobs.isEmpty() ? 0 : total / jobs.size();
        Map<String, Double> parts = new TreeMap<>();
        jobs.forEach(j -> j.costParts().forEach((k, v) -> parts.merge(k, v, Double::sum)));
        parts.replaceAll((k, v) -> round(v));
        PipelineKpis.Cost cost = new PipelineKpis.Cost(round(total), round(perJob), costs.isEmpty() ? 0 : round(costs.get(rank(costs.size(), 99))),
                targets.costPerJobUsd(), targets.costPerJobUsd() == null || jobs.isEmpty() ? null : perJob <= targets.costPerJobUsd(), parts);

        List<JobKpis> reviewed = jobs.stream().filter(j -> j.review() != null).toList();
        long approved = reviewed.stream().filter(j -> j.review().verdict() == JobKpis.Review.Verdict.APPROVED).count();
        long rejected = reviewed.stream().filter(j -> j.review().verdict() == JobKpis.Review.Verdict.REJECTED).count();
        long timedOut = reviewed.stream().filter(j -> j.review().verdict() == JobKpis.Review.Verdict.TIMED_OUT).count();
        List<Long> waits = reviewed.stream().map(j -> j.review().millis()).sorted().toList();
        long decided = jobs.stream().filter(j -> j.outcome() == JobStatus.COMPLETED || j.outcome() == JobStatus.REJECTED).count();
        long decidedReviewed = reviewed.stream().filter(j -> j.outcome() == JobStatus.COMPLETED || j.outcome() == JobStatus.REJECTED).count();
        long sampled = jobs.stream().filter(j -> j.sample() != null).count();
        long overturned = jobs.stream().filter(j -> j.sample() != null && j.sample().verdict() == JobKpis.Sample.Verdict.OVERTURNED).count();
        PipelineKpis.ReviewQuality reviews = new PipelineKpis.ReviewQuality(reviewed.size(), approved, rejected, timedOut,
                reviewed.isEmpty() ? null : round((double) approved / reviewed.size()),
                waits.isEmpty() ? null : percentile(waits, 50), waits.isEmpty() ? null : percentile(waits, 99),
                decided == 0 ? null : round(1 - 2.0 * (rejected + timedOut) / (decided + decidedReviewed)),
                sampled, overturned, sampled == 0 ? null : round((double) overturned / sampled));

        PricingTable prices = PricingTable.defaults();
        return new PipelineKpis(pipeline.name(), period.from(), period.to(), jobs.size(), outcomes, timeToValue, steps, cost, reviews,
                jobs.stream().mapToLong(JobKpis::stateTransitions).sum(), jobs.stream().mapToLong(JobKpis::claimCheckBytes).sum(),
                new JobKpis.Pricing(prices.region(), prices.asOf()), trend(jobs), drift(baseline(period), baseline, jobs), models(jobs));
    }

    /** The jobs by end time in up to {@link PipelineKpis#TREND_POINTS} equal slices of their span (at least a second each). */
    static List<PipelineKpis.TrendPoint> trend(List<JobKpis> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        java.time.Instant first = jobs.stream().map(JobKpis::endedAt).min(java.util.Comparator.naturalOrder()).orElseThrow();
        java.time.Instant last = jobs.stream().map(JobKpis::endedAt).max(java.util.Comparator.naturalOrder()).orElseThrow();
        long slice = Math.max(1000, (Duration.between(first, last).toMillis() + 1) / PipelineKpis.TREND_POINTS + 1);
        Map<Long, List<JobKpis>> slices = new TreeMap<>();
        jobs.forEach(j -> slices.computeIfAbsent(Duration.between(first, j.endedAt()).toMillis() / slice, k -> new ArrayList<>()).add(j));
        List<PipelineKpis.TrendPoint> out = new ArrayList<>();
        slices.forEach((index, in) -> {
            List<Long> ttv = in.stream().map(JobKpis::timeToValueMs).sorted().toList();
            out.add(new PipelineKpis.TrendPoint(first.plusMillis(index * slice), in.size(), percentile(ttv, 50), percentile(ttv, 99),
                    round(in.stream().mapToDouble(JobKpis::costUsd).average().orElse(0))));
        });
        return out;
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(rank(sorted.size(), p));
    }

    private static int rank(int size, int p) {
        return Math.max(0, (int) Math.ceil(p / 100.0 * size) - 1);
    }

    private static double round(double v) {
        return KpiMath.round(v);
    }

}
