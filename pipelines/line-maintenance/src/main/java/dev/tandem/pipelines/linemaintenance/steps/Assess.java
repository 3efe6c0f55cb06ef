package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.pipelines.linemaintenance.DecisionEvidence;
import dev.tandem.pipelines.linemaintenance.model.MachineScore;
import dev.tandem.pipelines.linemaintenance.model.RobustZModel;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assess: writes the machines' scores (or an operator's overrides) as the decision's evidence (the agent checks it against its SHA-256 and the
 * attributes it is told), and reports what the model did: one invocation per machine, the machines by score band.
 */
@Singleton
public class Assess {

    public static final String STEP = "Assess";

    private final Payloads payloads;
    private final JobTable jobs;

    public Assess(Payloads payloads, JobTable jobs) {
        this.payloads = payloads;
        this.jobs = jobs;
    }

    public StepResults.Assessment run(String jobId, StepResults.Prepared prepared, List<StepResults.Scored> scored, StepContext context) {
        Instant started = Instant.now();
        jobs.stepEnded(jobId, "Score", started, started, StepProgress.State.SUCCEEDED);
        List<MachineScore> scores = scored.stream().map(StepResults.Scored::score).toList();
        List<String> machines = prepared.machines().stream().map(StepResults.MachineItem::machineId).toList();
        if (!scores.stream().map(MachineScore::machineId).toList().equals(machines)) {
            throw new IllegalStateException("job " + jobId + ": the scores name " + scores.stream().map(MachineScore::machineId).toList()
                    + ", the batch " + machines);
        }
        // Usually one model; several while a hosted model's endpoint shifts traffic to a new version (each machine's decision
        // names its own). A job of overrides scores nothing: it names the model its functions ship.
        String model = scores.isEmpty() ? RobustZModel.VERSION : MachineScore.versions(scores);
        List<String> overridden = prepared.overrides().stream().map(TelemetryBatch.Override::machineId).toList();
        PayloadRef evidence = payloads.putJson("evidence", "jobs/" + jobId + "/evidence.json", new DecisionEvidence(scores, prepared.overrides()));
        if (!scores.isEmpty()) {
            Map<String, Long> bands = new TreeMap<>();
            scores.forEach(s -> bands.merge(band(s), 1L, Long::sum));
            jobs.recordInference(jobId, new JobKpis.Inference(model, scores.size(), 0, 0, bands));
        }
        jobs.stepEnded(jobId, STEP, started, Instant.now(), StepProgress.State.SUCCEEDED);
        double max = scores.stream().mapToDouble(MachineScore::score).max().orElse(0);
        return new StepResults.Assessment(prepared.lineId(), model, machines, overridden, evidence, max, context.function());
    }

    /** The feature a machine counts under in the job's mix (drift is judged on it): its score band, or what forced it. */
    static String band(MachineScore s) {
        if (s.overSafetyLimit()) {
            return "over-safety-limit";
        }
        if (!s.droppedSignals().isEmpty()) {
            return "dropped-signal";
        }
        return s.score() >= 10 ? "score-10+" : s.score() >= 6 ? "score-6-10" : s.score() >= 3 ? "score-3-6" : "score-0-3";
    }
}
