package dev.tandem.pipelines.linemaintenance.model;

import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded anomaly model: a robust z-score of each signal against the machine's baseline, z = (x - median) /
 * (1.4826 MAD), smoothed over the batch by an exponentially weighted moving average (weight {@value #ALPHA} on each new
 * reading), so one noisy reading does not move the score but a trend does. A signal's score is |EWMA| at the end of the
 * batch; the machine's the largest. Deterministic: the same readings and baseline give the same score, on any machine.
 * The version changes whenever the formula or its constants do.
 */
public final class RobustZModel implements AnomalyModel {

    public static final String VERSION = "robust-z-ewma@1.0.0";
    /** Its {@link #provider()}: it runs in the function. */
    public static final String PROVIDER = "embedded";
    /** The weight of each new reading in the moving average. */
    static final double ALPHA = 0.3;
    /** MAD x 1.4826 estimates the standard deviation of normally distributed data. */
    private static final double MAD_TO_SIGMA = 1.4826;

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public MachineScore score(LineRegistry.Machine machine, List<TelemetryBatch.Reading> readings) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Observations.Signal signal : Observations.SIGNALS) {
            LineRegistry.Baseline b = signal.baseline().apply(machine);
            Double ewma = null;
            for (TelemetryBatch.Reading r : readings) {
                Double x = signal.value().apply(r);
                if (x == null) {
                    continue;
                }
                double z = (x - b.median()) / (MAD_TO_SIGMA * b.mad());
                ewma = ewma == null ? z : ALPHA * z + (1 - ALPHA) * ewma;
            }
            if (ewma != null) {
                scores.put(signal.name(), Math.round(Math.abs(ewma) * 1e4) / 1e4);
            }
        }
        double score = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return Observations.score(machine, readings, VERSION, score, scores);
    }
}
