package dev.tandem.pipelines.linemaintenance.model;

import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.util.List;

/**
 * Scores a machine's readings against its baseline. Like the flagship's model provider, every result names the model
 * and its version, so a decision can say what scored it and a rollback can pin it. The embedded model
 * ({@link RobustZModel}) runs locally, in tests and by default; a hosted one ({@link SageMakerAnomalyModel}) where the
 * stage names an endpoint.
 */
public interface AnomalyModel {

    /** Where the model runs, as the lineage's model node records it: {@code embedded}, or {@code sagemaker:<endpoint>}. */
    String provider();

    /** The machine's score over the readings (in time order). */
    MachineScore score(LineRegistry.Machine machine, List<TelemetryBatch.Reading> readings);
}
