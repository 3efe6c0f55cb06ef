package dev.tandem.contracts.placement;

import dev.tandem.contracts.api.PipelineKpis;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A blueprint as it measurably runs: each step's declared profile with its expected p99 replaced by the measured p99
 * (time per invocation) and its invocations per job by the measured ones, from a pipeline's KPIs. What the placement
 * advisor reviews for {@code scripts/placement --measured}; the declared profile stays the blueprint's.
 */
public final class MeasuredProfiles {

    private MeasuredProfiles() {
    }

    /** One step, declared and measured. */
    public record Comparison(String step, Duration declaredP99, Duration measuredP99, double declaredPerJob, double measuredPerJob,
                             Duration slo) {
        public boolean overSlo() {
            return measuredP99 != null && measuredP99.compareTo(slo) > 0;
        }
    }

    /** The KPI key of a step: an agent step's name, a function step's handler. */
    static String key(Step step) {
        return step.placement() == Placement.AGENT ? step.name() : step.handler();
    }

    /** The blueprint with the measured figures in its workflow steps' profiles (steps without measures keep theirs). */
    public static Blueprint apply(Blueprint blueprint, PipelineKpis kpis) {
        List<Step> steps = new ArrayList<>();
        for (Step s : blueprint.steps()) {
            PipelineKpis.StepLatency m = s.profile() == null ? null : kpis.steps().get(key(s));
            if (m == null || m.invocations() == 0 || kpis.jobs() == 0) {
                steps.add(s);
                continue;
            }
            StepProfile p = s.profile();
            StepProfile measured = new StepProfile(Duration.ofMillis(Math.max(1, m.p99Ms())), p.stateful(), p.governance(), p.latencySlo(),
                    p.traffic(), p.payloadKiB(), p.memoryMb(), (double) m.invocations() / kpis.jobs(), p.warmPool());
            steps.add(new Step(s.name(), s.kind(), s.placement(), s.handler(), s.comment(), measured, s.retry(), s.timeout(), s.heartbeat(),
                    s.next(), s.timeoutNext(), s.itemsPath(), s.maxConcurrency(), s.choices(), s.otherwise(), s.resultKey()));
        }
        return new Blueprint(blueprint.name(), blueprint.version(), blueprint.entry(), blueprint.startAt(), steps, blueprint.errorHandler());
    }

    /** Each measured workflow step: declared against measured p99 and invocations per job, and its SLO. */
    public static List<Comparison> compare(Blueprint blueprint, PipelineKpis kpis) {
        List<Comparison> out = new ArrayList<>();
        for (Step s : blueprint.steps()) {
            PipelineKpis.StepLatency m = s.profile() == null ? null : kpis.steps().get(key(s));
            if (m != null && m.invocations() > 0 && kpis.jobs() > 0) {
                out.add(new Comparison(s.name(), s.profile().expectedP99(), Duration.ofMillis(m.p99Ms()), s.profile().invocationsPerJob(),
                        (double) m.invocations() / kpis.jobs(), s.profile().latencySlo()));
            }
        }
        return out;
    }
}
