package dev.tandem.pipelines.linemaintenance.model;

import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.util.List;

/**
 * Scores a machine's readings against its baseline. Like the flagship's model provider, every result names the model
 * and its version, so a decision can say what scored it and a rollback can pin it. The embedded model runs locally,
 * in tests and by default; a hosted model goes behind the same interface.
 */
public interface AnomalyModel {

    /** {@code modelId@version}, e.g. {@code robust-z-ewma@1.0.0}. */
    String version();

    /** The machine's score over the readings (in time order). */
    MachineScore score(LineRegistry.Machine machine, List<TelemetryBatch.Reading> readings);
}
