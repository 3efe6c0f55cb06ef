package dev.tandem.cdk.ops;

import dev.tandem.cdk.functions.FunctionCatalog;
import dev.tandem.cdk.functions.FunctionSpec;
import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.KpiMath;
import dev.tandem.contracts.api.PipelineKpis;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.infra.PublishedMetrics;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.pipeline.spi.KpiTargets;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.placement.PricingTable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * {@code scripts/kpis --stage S}: a deployed stage's KPIs from CloudWatch, where its code publishes them: the per-job
 * EMF metrics {@code RecordJobKpis} writes when each execution ends (time to value, cost, transitions, outcome, review
 * verdict and wait, model invocations and tokens), the agent's step latency, and Lambda's own durations and invocations
 * of each function step. The same {@link PipelineKpis} the API answers, computed from these instead of the KPI table:
 * percentiles are CloudWatch's over the whole period, a step's are per invocation, the outcome drift is judged as the API
 * judges it ({@link KpiMath}) on the outcome counts of the window before. What CloudWatch does not hold (cost by part,
 * the feature mix, the releases) is the API's alone ({@code GET /v1/pipelines/{name}/kpis}).
 */
public final class StageKpis {

    /** GetMetricData takes at most 500 queries a request. */
    private static final int MAX_QUERIES = 500;

    private StageKpis() {
    }

    /** The queries of one request, by id, and what they answered. */
    private static final class Queries {
        private final Map<String, MetricDataQuery> byId = new LinkedHashMap<>();
        private final Map<String, MetricDataResult> results = new HashMap<>();

        /** A metric the stage's code publishes, with a value for each of its dimensions. */
        void add(String id, PublishedMetrics.Metric metric, String stat, long periodSeconds, String... dimensionValues) {
            add(id, metric.namespace(), metric.name(), metric.dimensionValues(dimensionValues), stat, periodSeconds);
        }

        /** All the ended statuses' counts of the pipeline's jobs ({@code outcome<STATUS>}). */
        void addOutcomes(String pipeline, List<JobStatus> ended, long periodSeconds) {
            for (JobStatus s : ended) {
                add("outcome" + s.name(), PublishedMetrics.JOB_OUTCOME, "Sum", periodSeconds, pipeline, s.name());
            }
        }

        void add(String id, String namespace, String metric, Map<String, String> dimensions, String stat, long periodSeconds) {
            List<Dimension> dims = new ArrayList<>();
            dimensions.forEach((k, v) -> dims.add(Dimension.builder().name(k).value(v).build()));
            byId.put(id, MetricDataQuery.builder().id(id).returnData(true)
                    .metricStat(s -> s.stat(stat).period((int) periodSeconds)
                            .metric(m -> m.namespace(namespace).metricName(metric).dimensions(dims))).build());
        }

        void run(CloudWatchClient cw, Instant from, Instant to) {
            List<MetricDataQuery> all = new ArrayList<>(byId.values());
            for (int i = 0; i < all.size(); i += MAX_QUERIES) {
                List<MetricDataQuery> batch = all.subList(i, Math.min(all.size(), i + MAX_QUERIES));
                cw.getMetricDataPaginator(b -> b.startTime(from).endTime(to).metricDataQueries(batch)).metricDataResults()
                        .forEach(r -> results.merge(r.id(), r, (a, b) -> a.toBuilder()
                                .values(concat(a.values(), b.values())).timestamps(concat(a.timestamps(), b.timestamps())).build()));
            }
        }

        /** The sum of the query's datapoints (a count or a sum over the period); 0 without data. */
        double sum(String id) {
            MetricDataResult r = results.get(id);
            return r == null ? 0 : r.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /**
         * A statistic over the whole period (one datapoint when the period is one CloudWatch period); when CloudWatch
         * split it in two, the larger (for percentiles: the conservative reading). 0 without data.
         */
        double whole(String id) {
            MetricDataResult r = results.get(id);
            return r == null ? 0 : r.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        /** The query's datapoints by timestamp. */
        Map<Instant, Double> series(String id) {
            Map<Instant, Double> out = new TreeMap<>();
            MetricDataResult r = results.get(id);
            if (r != null) {
                for (int i = 0; i < r.values().size(); i++) {
                    out.put(r.timestamps().get(i), r.values().get(i));
                }
            }
            return out;
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Each pipeline's KPIs in the stage over [from, to). */
    public static List<PipelineKpis> fetch(CloudWatchClient cw, String stage, List<PipelineDefinition> pipelines, Instant from, Instant to) {
        return pipelines.stream().map(p -> fetch(cw, stage, p, from, to)).toList();
    }

    /** The pipeline's KPIs in the stage over [from, to). */
    public static PipelineKpis fetch(CloudWatchClient cw, String stage, PipelineDefinition pipeline, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        long span = Math.max(60, (Duration.between(start, to).toSeconds() + 59) / 60 * 60);
        Instant end = start.plusSeconds(span);
        long slice = Math.max(60, (span / PipelineKpis.TREND_POINTS + 59) / 60 * 60);
        String name = pipeline.name();

        Queries q = new Queries();
        q.add("ttvP50", PublishedMetrics.JOB_TIME_TO_VALUE, "p50", span, name);
        q.add("ttvP99", PublishedMetrics.JOB_TIME_TO_VALUE, "p99", span, name);
        q.add("jobs", PublishedMetrics.JOB_TIME_TO_VALUE, "SampleCount", span, name);
        q.add("costSum", PublishedMetrics.JOB_COST, "Sum", span, name);
        q.add("costP99", PublishedMetrics.JOB_COST, "p99", span, name);
        q.add("transitions", PublishedMetrics.JOB_TRANSITIONS, "Sum", span, name);
        q.add("modelJobs", PublishedMetrics.JOB_MODEL_INVOCATIONS, "SampleCount", span, name);
        q.add("modelInvocations", PublishedMetrics.JOB_MODEL_INVOCATIONS, "Sum", span, name);
        q.add("tokensIn", PublishedMetrics.JOB_MODEL_INPUT_TOKENS, "Sum", span, name);
        q.add("tokensOut", PublishedMetrics.JOB_MODEL_OUTPUT_TOKENS, "Sum", span, name);
        q.add("waitP50", PublishedMetrics.JOB_REVIEW_WAIT, "p50", span, name);
        q.add("waitP99", PublishedMetrics.JOB_REVIEW_WAIT, "p99", span, name);
        for (JobKpis.Sample.Verdict v : JobKpis.Sample.Verdict.values()) {
            q.add("sample" + v.name(), PublishedMetrics.SAMPLE_CHECKS, "Sum", span, name, v.name());
        }
        for (JobKpis.Review.Verdict v : JobKpis.Review.Verdict.values()) {
            q.add("review" + v.name(), PublishedMetrics.JOB_REVIEWS, "Sum", span, name, v.name());
        }
        List<JobStatus> ended = java.util.Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal).toList();
        q.addOutcomes(name, ended, span);
        List<FunctionSpec> functions = FunctionCatalog.pipeline(pipeline);
        for (int i = 0; i < functions.size(); i++) {
            Map<String, String> fn = Map.of("FunctionName", Stages.pipelineFunctionName(stage, name, functions.get(i).name()));
            q.add("fn" + i + "P50", "AWS/Lambda", "Duration", fn, "p50", span);
            q.add("fn" + i + "P99", "AWS/Lambda", "Duration", fn, "p99", span);
            q.add("fn" + i + "Ms", "AWS/Lambda", "Duration", fn, "Sum", span);
            q.add("fn" + i + "Invocations", "AWS/Lambda", "Invocations", fn, "Sum", span);
        }
        List<Step> agentSteps = pipeline.blueprint().steps().stream().filter(s -> s.placement() == Placement.AGENT).toList();
        for (int i = 0; i < agentSteps.size(); i++) {
            String step = agentSteps.get(i).name();
            q.add("agent" + i + "P50", PublishedMetrics.AGENT_STEP, "p50", span, name, step);
            q.add("agent" + i + "P99", PublishedMetrics.AGENT_STEP, "p99", span, name, step);
            q.add("agent" + i + "Count", PublishedMetrics.AGENT_STEP, "SampleCount", span, name, step);
        }
        q.add("trendJobs", PublishedMetrics.JOB_TIME_TO_VALUE, "SampleCount", slice, name);
        q.add("trendP50", PublishedMetrics.JOB_TIME_TO_VALUE, "p50", slice, name);
        q.add("trendP99", PublishedMetrics.JOB_TIME_TO_VALUE, "p99", slice, name);
        q.add("trendCost", PublishedMetrics.JOB_COST, "Average", slice, name);
        q.run(cw, start, end);

        // The window before, as long: its outcome counts are the drift's baseline.
        Queries before = new Queries();
        before.addOutcomes(name, ended, span);
        Instant baselineFrom = start.minusSeconds(span);
        before.run(cw, baselineFrom, start);

        return summarize(pipeline, q, before, ended, functions, agentSteps, start, end, baselineFrom);
    }

    private static PipelineKpis summarize(PipelineDefinition pipeline, Queries q, Queries before, List<JobStatus> ended,
                                          List<FunctionSpec> functions, List<Step> agentSteps, Instant start, Instant end, Instant baselineFrom) {
        KpiTargets targets = pipeline.kpiTargets();
        long jobs = Math.round(q.sum("jobs"));
        Map<JobStatus, Long> outcomes = counts(q, ended);
        Map<JobStatus, Long> baseline = counts(before, ended);

        long p50 = Math.round(q.whole("ttvP50"));
        long p99 = Math.round(q.whole("ttvP99"));
        Long ttvTarget = targets.timeToValueP99() == null ? null : targets.timeToValueP99().toMillis();
        PipelineKpis.Latency timeToValue = new PipelineKpis.Latency(p50, p99, ttvTarget, ttvTarget == null || jobs == 0 ? null : p99 <= ttvTarget);

        Map<String, Long> slos = KpiMath.slos(pipeline.blueprint());
        Map<String, PipelineKpis.StepLatency> steps = new TreeMap<>();
        for (int i = 0; i < functions.size(); i++) {
            FunctionSpec f = functions.get(i);
            long invocations = Math.round(q.sum("fn" + i + "Invocations"));
            if (invocations == 0) {
                continue;
            }
            long stepP99 = Math.round(q.whole("fn" + i + "P99"));
            Long slo = slos.get(f.name());
            double gbSeconds = q.sum("fn" + i + "Ms") / 1000.0 * f.memoryMb() / 1024.0;
            steps.put(f.name(), new PipelineKpis.StepLatency(Placement.FUNCTION.name(), invocations, Math.round(q.whole("fn" + i + "P50")), stepP99,
                    slo, slo == null ? null : stepP99 <= slo, KpiMath.round(gbSeconds)));
        }
        for (int i = 0; i < agentSteps.size(); i++) {
            long count = Math.round(q.sum("agent" + i + "Count"));
            if (count == 0) {
                continue;
            }
            String step = agentSteps.get(i).name();
            long stepP99 = Math.round(q.whole("agent" + i + "P99"));
            Long slo = slos.get(step);
            steps.put(step, new PipelineKpis.StepLatency(Placement.AGENT.name(), count, Math.round(q.whole("agent" + i + "P50")), stepP99, slo,
                    slo == null ? null : stepP99 <= slo, 0));
        }

        double total = q.sum("costSum");
        double perJob = jobs == 0 ? 0 : total / jobs;
        PipelineKpis.Cost cost = new PipelineKpis.Cost(KpiMath.round(total), KpiMath.round(perJob), KpiMath.round(q.whole("costP99")),
                targets.costPerJobUsd(), targets.costPerJobUsd() == null || jobs == 0 ? null : perJob <= targets.costPerJobUsd(), Map.of());

        long approved = Math.round(q.sum("review" + JobKpis.Review.Verdict.APPROVED.name()));
        long rejected = Math.round(q.sum("review" + JobKpis.Review.Verdict.REJECTED.name()));
        long timedOut = Math.round(q.sum("review" + JobKpis.Review.Verdict.TIMED_OUT.name()));
        long reviewed = approved + rejected + timedOut;
        long overturned = Math.round(q.sum("sample" + JobKpis.Sample.Verdict.OVERTURNED.name()));
        long sampled = overturned + Math.round(q.sum("sample" + JobKpis.Sample.Verdict.CONFIRMED.name()));
        long decided = outcomes.getOrDefault(JobStatus.COMPLETED, 0L) + outcomes.getOrDefault(JobStatus.REJECTED, 0L);
        // A reviewed job ends decided (its reviewer's verdict or the timeout decides it), as the API counts it.
        PipelineKpis.ReviewQuality reviews = new PipelineKpis.ReviewQuality(reviewed, approved, rejected, timedOut,
                reviewed == 0 ? null : KpiMath.round((double) approved / reviewed),
                reviewed == 0 ? null : Math.round(q.whole("waitP50")), reviewed == 0 ? null : Math.round(q.whole("waitP99")),
                decided == 0 ? null : KpiMath.round(1 - 2.0 * (rejected + timedOut) / (decided + reviewed)),
                sampled, overturned, sampled == 0 ? null : KpiMath.round((double) overturned / sampled));

        List<PipelineKpis.TrendPoint> trend = new ArrayList<>();
        Map<Instant, Double> trendP50 = q.series("trendP50");
        Map<Instant, Double> trendP99 = q.series("trendP99");
        Map<Instant, Double> trendCost = q.series("trendCost");
        q.series("trendJobs").forEach((at, n) -> {
            if (n > 0) {
                trend.add(new PipelineKpis.TrendPoint(at, Math.round(n), Math.round(trendP50.getOrDefault(at, 0.0)),
                        Math.round(trendP99.getOrDefault(at, 0.0)), KpiMath.round(trendCost.getOrDefault(at, 0.0))));
            }
        });

        long baselineJobs = baseline.values().stream().mapToLong(Long::longValue).sum();
        long currentJobs = outcomes.values().stream().mapToLong(Long::longValue).sum();
        KpiMath.Judgement outcome = KpiMath.judge(baseline, baselineJobs, outcomes, currentJobs, baselineJobs, currentJobs, "outcome");
        PipelineKpis.Drift drift = new PipelineKpis.Drift(baselineFrom, start.minusNanos(1), baseline, outcomes, outcome.psi(), outcome.signal(),
                outcome.note(), null, List.of());

        long modelJobs = Math.round(q.sum("modelJobs"));
        long invocations = Math.round(q.sum("modelInvocations"));
        long tokensIn = Math.round(q.sum("tokensIn"));
        long tokensOut = Math.round(q.sum("tokensOut"));
        PipelineKpis.Models models = new PipelineKpis.Models(modelJobs, invocations, tokensIn, tokensOut,
                modelJobs == 0 ? 0 : KpiMath.round((double) invocations / modelJobs), modelJobs == 0 ? 0 : KpiMath.round((double) (tokensIn + tokensOut) / modelJobs),
                Map.of(), Map.of());

        PricingTable prices = PricingTable.defaults();
        return new PipelineKpis(pipeline.name(), start, end, jobs, outcomes, timeToValue, steps, cost, reviews, Math.round(q.sum("transitions")), 0,
                new JobKpis.Pricing(prices.region(), prices.asOf()), trend, drift, models);
    }

    private static Map<JobStatus, Long> counts(Queries q, List<JobStatus> statuses) {
        Map<JobStatus, Long> out = new EnumMap<>(JobStatus.class);
        for (JobStatus s : statuses) {
            long n = Math.round(q.sum("outcome" + s.name()));
            if (n > 0) {
                out.put(s, n);
            }
        }
        return out;
    }
}
