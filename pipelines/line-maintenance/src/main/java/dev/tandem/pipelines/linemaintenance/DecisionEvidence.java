package dev.tandem.pipelines.linemaintenance;

import dev.tandem.pipelines.linemaintenance.model.MachineScore;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.util.List;

/**
 * What the governed step decides on, written by Assess and checked by the agent against its SHA-256: the machines'
 * scores of a telemetry batch, or an operator's overrides.
 */
public record DecisionEvidence(List<MachineScore> scores, List<TelemetryBatch.Override> overrides) {
    public DecisionEvidence {
        scores = scores == null ? List.of() : List.copyOf(scores);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }
}
