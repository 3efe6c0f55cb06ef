package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.contracts.Digests;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.pipelines.linemaintenance.model.AnomalyModel;
import dev.tandem.pipelines.linemaintenance.model.RobustZModel;
import dev.tandem.pipelines.linemaintenance.model.SageMakerAnomalyModel;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import io.micronaut.context.env.Environment;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Score, one Map item: the anomaly model scores one machine's readings against its baseline. The embedded model ships
 * with the function's version (the pipeline's layer), so rolling the function's alias back rolls the model back with it;
 * where the stage names a SageMaker endpoint for the pipeline ({@link ConfigKey#MODEL_ENDPOINT}), the hosted model there
 * scores instead, and each score names the model version the endpoint ran.
 */
@Singleton
public class ScoreMachine {

    private final Payloads payloads;
    private final LineRegistry registry = LineRegistry.shipped();
    private final AnomalyModel model;

    public ScoreMachine(Payloads payloads, Environment environment, Provider<SageMakerRuntimeClient> sageMaker) {
        this.payloads = payloads;
        this.model = environment.getProperty(ConfigKey.MODEL_ENDPOINT.property(), String.class).filter(e -> !e.isBlank())
                .<AnomalyModel>map(endpoint -> new SageMakerAnomalyModel(sageMaker.get(), endpoint)).orElseGet(RobustZModel::new);
    }

    /** The model that scores: the hosted one where the stage names an endpoint, else the embedded one. */
    AnomalyModel model() {
        return model;
    }

    public StepResults.Scored run(StepResults.MachineItem item, StepContext context) {
        byte[] raw = payloads.read(item.readings().uri());
        if (!Digests.sha256Hex(raw).equals(item.readings().sha256())) {
            throw new Prepare.IntegrityException("the readings of " + item.machineId() + " (job " + item.jobId() + ") do not match their SHA-256");
        }
        LineRegistry.Machine machine = registry.line(item.lineId()).map(l -> l.machines().get(item.machineId())).orElseThrow(() ->
                new Prepare.IntegrityException("line " + item.lineId() + " has no machine " + item.machineId() + " in this function's registry"));
        List<TelemetryBatch.Reading> readings = List.of(Json.read(new String(raw, StandardCharsets.UTF_8), TelemetryBatch.Reading[].class));
        return new StepResults.Scored(model.score(machine, readings), context.function(), model.provider());
    }
}
