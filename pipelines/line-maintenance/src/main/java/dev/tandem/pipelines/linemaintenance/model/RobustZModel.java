package dev.tandem.pipelines.linemaintenance.model;

import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The embedded anomaly model: a robust z-score of each signal against the machine's baseline, z = (x - median) /
 * (1.4826 MAD), smoothed over the batch by an exponentially weighted moving average (weight {@value #ALPHA} on each new
 * reading), so one noisy reading does not move the score but a trend does. A signal's score is |EWMA| at the end of the
 * batch; the machine's the largest. Deterministic: the same readings and baseline give the same score, on any machine.
 * The version changes whenever the formula or its constants do.
 */
public final class RobustZModel implements AnomalyModel {

    public static final String VERSION = "robust-z-ewma@1.0.0";
    /** The weight of each new reading in the moving average. */
    static final double ALPHA = 0.3;
    /** MAD x 1.4826 estimates the standard deviation of normally distributed data. */
    private static final double MAD_TO_SIGMA = 1.4826;

    private record Signal(String name, Function<TelemetryBatch.Reading, Double> value, Function<LineRegistry.Machine, LineRegistry.Baseline> baseline) {
    }

    private static final List<Signal> SIGNALS = List.of(
            new Signal("vibrationRms", TelemetryBatch.Reading::vibrationRms, LineRegistry.Machine::vibrationRms),
            new Signal("bearingTemperature", TelemetryBatch.Reading::bearingTemperature, LineRegistry.Machine::bearingTemperature),
            new Signal("motorCurrent", TelemetryBatch.Reading::motorCurrent, LineRegistry.Machine::motorCurrent));

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public MachineScore score(LineRegistry.Machine machine, List<TelemetryBatch.Reading> readings) {
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        for (Signal signal : SIGNALS) {
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
            int half = readings.size() / 2;
            if (!readings.isEmpty() && readings.subList(half, readings.size()).stream().allMatch(r -> signal.value().apply(r) == null)) {
                dropped.add(signal.name());
            }
        }
        double maxTemperature = readings.stream().map(TelemetryBatch.Reading::bearingTemperature).filter(t -> t != null)
                .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double score = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new MachineScore(machine.id(), VERSION, score, scores, Double.isNaN(maxTemperature) ? null : maxTemperature,
                !Double.isNaN(maxTemperature) && maxTemperature >= machine.bearingTemperatureLimit(), dropped, readings.size());
    }
}
