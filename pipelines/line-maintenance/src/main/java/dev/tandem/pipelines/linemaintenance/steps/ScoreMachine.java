package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.contracts.Digests;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.pipelines.linemaintenance.model.AnomalyModel;
import dev.tandem.pipelines.linemaintenance.model.RobustZModel;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Score, one Map item: the anomaly model scores one machine's readings against its baseline. The model ships with the
 * function's version (the pipeline's layer), so rolling the function's alias back rolls the model back with it.
 */
@Singleton
public class ScoreMachine {

    private final Payloads payloads;
    private final LineRegistry registry = LineRegistry.shipped();
    private final AnomalyModel model = new RobustZModel();

    public ScoreMachine(Payloads payloads) {
        this.payloads = payloads;
    }

    public StepResults.Scored run(StepResults.MachineItem item, StepContext context) {
        byte[] raw = payloads.read(item.readings().uri());
        if (!Digests.sha256Hex(raw).equals(item.readings().sha256())) {
            throw new Prepare.IntegrityException("the readings of " + item.machineId() + " (job " + item.jobId() + ") do not match their SHA-256");
        }
        LineRegistry.Machine machine = registry.line(item.lineId()).map(l -> l.machines().get(item.machineId())).orElseThrow(() ->
                new Prepare.IntegrityException("line " + item.lineId() + " has no machine " + item.machineId() + " in this function's registry"));
        List<TelemetryBatch.Reading> readings = List.of(dev.tandem.contracts.json.Json.read(
                new String(raw, java.nio.charset.StandardCharsets.UTF_8), TelemetryBatch.Reading[].class));
        return new StepResults.Scored(model.score(machine, readings), context.function());
    }
}
