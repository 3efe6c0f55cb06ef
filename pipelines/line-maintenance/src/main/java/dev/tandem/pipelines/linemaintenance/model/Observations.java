package dev.tandem.pipelines.linemaintenance.model;

import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a batch shows of a machine whichever model scores it: the signals a model reads, the highest bearing temperature,
 * whether it reached the machine's hard limit, the sensors that stopped reporting. These are rules, not a model's
 * judgement: the function applies them itself, so a stop over a safety limit never waits on, or depends on, a hosted
 * model.
 */
public final class Observations {

    /** A signal of a reading and the baseline it is scored against. */
    public record Signal(String name, Function<TelemetryBatch.Reading, Double> value, Function<LineRegistry.Machine, LineRegistry.Baseline> baseline) {
    }

    /** The signals a model scores, in this order. */
    public static final List<Signal> SIGNALS = List.of(
            new Signal("vibrationRms", TelemetryBatch.Reading::vibrationRms, LineRegistry.Machine::vibrationRms),
            new Signal("bearingTemperature", TelemetryBatch.Reading::bearingTemperature, LineRegistry.Machine::bearingTemperature),
            new Signal("motorCurrent", TelemetryBatch.Reading::motorCurrent, LineRegistry.Machine::motorCurrent));

    /**
     * @param maxBearingTemperature the highest bearing temperature read (degC), null when none was
     * @param overSafetyLimit       whether it reached the machine's hard limit
     * @param droppedSignals        the signals with no reading in the batch's last half
     */
    public record Observed(Double maxBearingTemperature, boolean overSafetyLimit, List<String> droppedSignals) {
    }

    private Observations() {
    }

    public static Observed of(LineRegistry.Machine machine, List<TelemetryBatch.Reading> readings) {
        List<String> dropped = new ArrayList<>();
        int half = readings.size() / 2;
        for (Signal signal : SIGNALS) {
            if (!readings.isEmpty() && readings.subList(half, readings.size()).stream().allMatch(r -> signal.value().apply(r) == null)) {
                dropped.add(signal.name());
            }
        }
        Double max = readings.stream().map(TelemetryBatch.Reading::bearingTemperature).filter(t -> t != null)
                .max(Double::compare).orElse(null);
        return new Observed(max, max != null && max >= machine.bearingTemperatureLimit(), List.copyOf(dropped));
    }

    /** The machine's score for the batch: the model's figures beside what the batch shows. */
    public static MachineScore score(LineRegistry.Machine machine, List<TelemetryBatch.Reading> readings, String model, double score,
                                     Map<String, Double> signals) {
        Observed observed = of(machine, readings);
        return new MachineScore(machine.id(), model, score, signals, observed.maxBearingTemperature(), observed.overSafetyLimit(),
                observed.droppedSignals(), readings.size());
    }
}
