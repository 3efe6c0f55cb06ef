package dev.tandem.functions.kpis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.PipelineKpis;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.KpiTargets;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.functions.http.Requests;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pipeline's figures from its jobs' KPIs, worked out by hand. */
class PipelineKpisQueryTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static final PipelineDefinition PIPELINE = new PipelineDefinition() {
        private final ExamplePipeline example = new ExamplePipeline();

        @Override
        public Blueprint blueprint() {
            return example.blueprint();
        }

        @Override
        public InputContract<?> input() {
            return example.input();
        }

        @Override
        public KpiTargets kpiTargets() {
            return new KpiTargets(Duration.ofSeconds(10), 0.001);
        }
    };

    private static JobKpis job(JobStatus outcome, long ttv, long checkMillis, double cost, JobKpis.Review review) {
        return new JobKpis(T, outcome, ttv, 6, Map.of("Check", new JobKpis.StepUsage("FUNCTION", 2, checkMillis, checkMillis / 2000.0),
                "Decide", new JobKpis.StepUsage("AGENT", 1, 3_000, 0)), review, 100, cost,
                Map.of("lambda.compute", cost / 2, "fargate.compute", cost / 2), new JobKpis.Pricing("us-east-1", LocalDate.parse("2025-06-01")),
                null, null, null);
    }

    /** A job served by {@code model} under {@code bundle}, with its features. */
    private static JobKpis released(JobStatus outcome, String model, String bundle, Map<String, Long> features) {
        JobKpis j = job(outcome, 1_000, 100, 0.0001, null);
        return new JobKpis(j.endedAt(), j.outcome(), j.timeToValueMs(), j.stateTransitions(), j.steps(), null, j.claimCheckBytes(), j.costUsd(),
                j.costParts(), j.pricing(), bundle, new JobKpis.Inference(model, 3, 300, 30, features), null);
    }

    private static List<JobKpis> times(int n, JobKpis job) {
        return java.util.Collections.nCopies(n, job);
    }

    @SafeVarargs
    private static List<JobKpis> all(List<JobKpis>... parts) {
        List<JobKpis> out = new java.util.ArrayList<>();
        for (List<JobKpis> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    @Test
    void percentilesCostAndReviewQuality_areWhatTheArithmeticSays() {
        List<JobKpis> jobs = List.of(
                job(JobStatus.COMPLETED, 4_000, 400, 0.0004, null),
                job(JobStatus.COMPLETED, 6_000, 600, 0.0006, new JobKpis.Review(JobKpis.Review.Verdict.APPROVED, 2_000)),
                job(JobStatus.REJECTED, 8_000, 800, 0.0008, new JobKpis.Review(JobKpis.Review.Verdict.REJECTED, 5_000)),
                job(JobStatus.FAILED, 30_000, 1_000, 0.0010, null));

        PipelineKpis k = PipelineKpisQuery.summarize(PIPELINE, new Requests.Period(T.minusSeconds(3600), T), jobs);

        assertThat(k.jobs()).isEqualTo(4);
        assertThat(k.outcomes()).containsEntry(JobStatus.COMPLETED, 2L).containsEntry(JobStatus.REJECTED, 1L).containsEntry(JobStatus.FAILED, 1L);
        // Nearest rank over 4, 6, 8, 30 s: p50 is the 2nd, p99 the 4th.
        assertThat(k.timeToValue().p50Ms()).isEqualTo(6_000);
        assertThat(k.timeToValue().p99Ms()).isEqualTo(30_000);
        assertThat(k.timeToValue().targetMs()).isEqualTo(10_000);
        assertThat(k.timeToValue().withinTarget()).isFalse();
        // Check: two invocations per job, so 200, 300, 400, 500 ms each; its SLO is its profile's.
        PipelineKpis.StepLatency check = k.steps().get("Check");
        assertThat(check.invocations()).isEqualTo(8);
        assertThat(check.p50Ms()).isEqualTo(300);
        assertThat(check.p99Ms()).isEqualTo(500);
        assertThat(check.gbSeconds()).isCloseTo(0.2 + 0.3 + 0.4 + 0.5, within(1e-9));
        assertThat(k.steps().get("Decide").sloMs()).isEqualTo(10_000);
        assertThat(k.steps().get("Decide").withinSlo()).isTrue();
        // Cost: total 0.0028, mean 0.0007 against 0.001; p99 the largest.
        assertThat(k.cost().totalUsd()).isCloseTo(0.0028, within(1e-12));
        assertThat(k.cost().perJobUsd()).isCloseTo(0.0007, within(1e-12));
        assertThat(k.cost().p99PerJobUsd()).isCloseTo(0.0010, within(1e-12));
        assertThat(k.cost().withinTarget()).isTrue();
        assertThat(k.cost().parts()).containsOnlyKeys("lambda.compute", "fargate.compute");
        // Reviews: 2 reviewed, 1 approved, 1 rejected; decided 3 (2 COMPLETED, 1 REJECTED), 2 of them reviewed:
        // accuracy 1 - 2 x 1 / (3 + 2) = 0.6.
        assertThat(k.reviews().reviewed()).isEqualTo(2);
        assertThat(k.reviews().approvalRate()).isEqualTo(0.5);
        assertThat(k.reviews().p50WaitMs()).isEqualTo(2_000);
        assertThat(k.reviews().p99WaitMs()).isEqualTo(5_000);
        assertThat(k.reviews().riskAdjustedAccuracy()).isCloseTo(0.6, within(1e-9));
        assertThat(k.stateTransitions()).isEqualTo(24);
        assertThat(k.claimCheckBytes()).isEqualTo(400);
        assertThat(k.trend()).as("all ended at once: one point").singleElement()
                .satisfies(p -> assertThat(p.jobs()).isEqualTo(4));
    }

    @Test
    void theTrend_slicesTheSpanOfEndTimes_andLeavesEmptySlicesOut() {
        List<JobKpis> jobs = new java.util.ArrayList<>();
        for (int minute : new int[] {0, 0, 1, 19, 19, 19}) {
            JobKpis j = job(JobStatus.COMPLETED, 1_000L * (minute + 1), 100, 0.001 * (minute + 1), null);
            jobs.add(new JobKpis(T.plusSeconds(60L * minute), j.outcome(), j.timeToValueMs(), j.stateTransitions(), j.steps(), null,
                    j.claimCheckBytes(), j.costUsd(), j.costParts(), j.pricing(), null, null, null));
        }

        List<PipelineKpis.TrendPoint> trend = PipelineKpisQuery.trend(jobs);

        // 19 minutes in 20 slices of about 57 s: minute 0 and 1 fall in slices 0 and 1, minute 19 in the last.
        assertThat(trend).extracting(PipelineKpis.TrendPoint::jobs).containsExactly(2L, 1L, 3L);
        assertThat(trend.getLast().p50Ms()).isEqualTo(20_000);
        assertThat(trend.getLast().costPerJobUsd()).isCloseTo(0.020, within(1e-12));
        assertThat(trend.getFirst().from()).isEqualTo(T);
    }

    private static List<JobKpis> mix(int completed, int rejected) {
        List<JobKpis> out = new java.util.ArrayList<>();
        for (int i = 0; i < completed; i++) {
            out.add(job(JobStatus.COMPLETED, 1_000, 100, 0.0001, null));
        }
        for (int i = 0; i < rejected; i++) {
            out.add(job(JobStatus.REJECTED, 1_000, 100, 0.0001, null));
        }
        return out;
    }

    @Test
    void aShiftedOutcomeMix_firesTheDriftSignal_aSteadyOneDoesNot_andTooFewJobsSaySo() {
        Requests.Period period = new Requests.Period(T.minusSeconds(3600), T);

        PipelineKpis.Drift shifted = PipelineKpisQuery.summarize(PIPELINE, period, mix(20, 20), mix(36, 4)).drift();
        PipelineKpis.Drift steady = PipelineKpisQuery.summarize(PIPELINE, period, mix(35, 5), mix(36, 4)).drift();
        PipelineKpis.Drift few = PipelineKpisQuery.summarize(PIPELINE, period, mix(2, 8), mix(9, 1)).drift();

        // Shares with half a job added: before (36.5/41, 4.5/41), now (20.5/41, 20.5/41).
        double b1 = 36.5 / 41;
        double b2 = 4.5 / 41;
        double c1 = 20.5 / 41;
        double c2 = 20.5 / 41;
        assertThat(shifted.psi()).isCloseTo((c1 - b1) * Math.log(c1 / b1) + (c2 - b2) * Math.log(c2 / b2), within(1e-9))
                .isGreaterThan(PipelineKpis.DRIFT_PSI);
        assertThat(shifted.signal()).isTrue();
        assertThat(shifted.baseline()).containsEntry(JobStatus.COMPLETED, 36L);
        assertThat(shifted.current()).containsEntry(JobStatus.REJECTED, 20L);
        assertThat(steady.psi()).isLessThan(0.02);
        assertThat(steady.signal()).isFalse();
        assertThat(few.signal()).as("a large shift, but 10 jobs each").isFalse();
        assertThat(few.note()).contains("too few jobs");
        assertThat(shifted.baselineTo()).isBefore(period.from());
        assertThat(java.time.Duration.between(shifted.baselineFrom(), shifted.baselineTo()))
                .isEqualTo(java.time.Duration.between(period.from(), period.to()));
    }

    @Test
    void aShiftedFeatureMix_firesTheFeatureSignal_evenWhenTheOutcomesHold() {
        Requests.Period period = new Requests.Period(T.minusSeconds(3600), T);
        List<JobKpis> before = times(40, released(JobStatus.COMPLETED, "lexicon@1", "b1", Map.of("EMAIL", 3L, "PHONE", 1L)));
        List<JobKpis> after = times(40, released(JobStatus.COMPLETED, "lexicon@1", "b1", Map.of("EMAIL", 1L, "PHONE", 3L)));

        PipelineKpis.Drift drift = PipelineKpisQuery.summarize(PIPELINE, period, after, before).drift();

        assertThat(drift.signal()).as("the outcomes hold").isFalse();
        // 160 features a side; shares with half a feature added: before (120.5/161, 40.5/161), now the reverse.
        double b1 = 120.5 / 161;
        double b2 = 40.5 / 161;
        double expected = (b2 - b1) * Math.log(b2 / b1) + (b1 - b2) * Math.log(b1 / b2);
        assertThat(drift.features().psi()).isCloseTo(expected, within(1e-9)).isGreaterThan(PipelineKpis.DRIFT_PSI);
        assertThat(drift.features().signal()).isTrue();
        assertThat(drift.features().baseline()).containsEntry("EMAIL", 120L).containsEntry("PHONE", 40L);
        assertThat(drift.features().current()).containsEntry("EMAIL", 40L).containsEntry("PHONE", 120L);
        assertThat(PipelineKpisQuery.summarize(PIPELINE, period, before, before).drift().features().signal()).isFalse();
    }

    @Test
    void aNewModelVersion_thatRejectsMore_isNamedAsTheReleaseThatDrifted_theOldOneHolds() {
        Requests.Period period = new Requests.Period(T.minusSeconds(3600), T);
        Map<String, Long> features = Map.of("EMAIL", 1L);
        List<JobKpis> before = times(40, released(JobStatus.COMPLETED, "lexicon@1", "b1", features));
        List<JobKpis> after = all(times(20, released(JobStatus.COMPLETED, "lexicon@1", "b1", features)),
                times(5, released(JobStatus.COMPLETED, "lexicon@2", "b1", features)),
                times(15, released(JobStatus.REJECTED, "lexicon@2", "b1", features)));

        PipelineKpis k = PipelineKpisQuery.summarize(PIPELINE, period, after, before);

        assertThat(k.drift().releases()).extracting(PipelineKpis.Release::modelVersion).containsExactly("lexicon@1", "lexicon@2");
        PipelineKpis.Release old = k.drift().releases().get(0);
        assertThat(old.against()).isEqualTo("release");
        assertThat(old.baselineJobs()).isEqualTo(40);
        assertThat(old.outcomePsi()).isZero();
        assertThat(old.signal()).isFalse();
        PipelineKpis.Release fresh = k.drift().releases().get(1);
        assertThat(fresh.policyBundle()).isEqualTo("b1");
        assertThat(fresh.jobs()).isEqualTo(20);
        assertThat(fresh.against()).as("no baseline of its own: the jobs before it").isEqualTo("pipeline");
        // Against 40 COMPLETED: before (40.5/41, 0.5/41), now (5.5/21, 15.5/21).
        double b1 = 40.5 / 41;
        double b2 = 0.5 / 41;
        double c1 = 5.5 / 21;
        double c2 = 15.5 / 21;
        assertThat(fresh.outcomePsi()).isCloseTo((c1 - b1) * Math.log(c1 / b1) + (c2 - b2) * Math.log(c2 / b2), within(1e-9));
        assertThat(fresh.signal()).isTrue();
        assertThat(fresh.note()).contains("outcome mix moved");

        // What the models did: 40 jobs reporting, 3 invocations and 330 tokens each.
        assertThat(k.models().jobs()).isEqualTo(40);
        assertThat(k.models().invocations()).isEqualTo(120);
        assertThat(k.models().inputTokens()).isEqualTo(12_000);
        assertThat(k.models().outputTokens()).isEqualTo(1_200);
        assertThat(k.models().tokensPerJob()).isEqualTo(330.0);
        assertThat(k.models().jobsByModelVersion()).containsEntry("lexicon@1", 20L).containsEntry("lexicon@2", 20L);
        assertThat(k.models().jobsByPolicyBundle()).containsEntry("b1", 40L);
    }

    @Test
    void jobsWithoutAReportedModelOrABundle_areTheirOwnRelease() {
        List<JobKpis> jobs = times(3, job(JobStatus.FAILED, 1_000, 100, 0.0001, null));
        PipelineKpis k = PipelineKpisQuery.summarize(PIPELINE, new Requests.Period(T.minusSeconds(3600), T), jobs);
        assertThat(k.drift().releases()).singleElement().satisfies(r -> {
            assertThat(r.modelVersion()).isEqualTo(PipelineKpisQuery.UNREPORTED);
            assertThat(r.policyBundle()).isEqualTo(PipelineKpisQuery.UNDECIDED);
            assertThat(r.note()).contains("too few jobs");
        });
        assertThat(k.models().jobs()).isZero();
        assertThat(k.models().tokensPerJob()).isZero();
    }

    @Test
    void checkedSamples_ofAutomaticOutcomes_giveTheOverturnRate() {
        JobKpis.Sample confirmed = new JobKpis.Sample(JobKpis.Sample.Verdict.CONFIRMED, T);
        JobKpis.Sample overturned = new JobKpis.Sample(JobKpis.Sample.Verdict.OVERTURNED, T);
        JobKpis plain = job(JobStatus.COMPLETED, 1_000, 100, 0.0001, null);
        List<JobKpis> jobs = all(times(3, plain.withSample(confirmed)), times(1, plain.withSample(overturned)), times(6, plain));

        PipelineKpis.ReviewQuality r = PipelineKpisQuery.summarize(PIPELINE, new Requests.Period(T.minusSeconds(3600), T), jobs).reviews();

        // 4 of the 10 automatic outcomes were checked, 1 overturned.
        assertThat(r.sampled()).isEqualTo(4);
        assertThat(r.overturned()).isEqualTo(1);
        assertThat(r.overturnRate()).isEqualTo(0.25);
        assertThat(PipelineKpisQuery.summarize(PIPELINE, new Requests.Period(T.minusSeconds(3600), T), times(2, plain)).reviews()
                .overturnRate()).as("nothing checked").isNull();
    }

    @Test
    void noJobs_isZeroes_notAnError() {
        PipelineKpis k = PipelineKpisQuery.summarize(PIPELINE, new Requests.Period(T.minusSeconds(3600), T), List.of());

        assertThat(k.jobs()).isZero();
        assertThat(k.timeToValue().p99Ms()).isZero();
        assertThat(k.timeToValue().withinTarget()).isNull();
        assertThat(k.cost().perJobUsd()).isZero();
        assertThat(k.reviews().approvalRate()).isNull();
        assertThat(k.reviews().riskAdjustedAccuracy()).isNull();
    }
}
