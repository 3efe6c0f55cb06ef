package dev.tandem.pipelines.linemaintenance.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A machine's anomaly score for one batch, and the features a policy decides on.
 *
 * @param model                 the model and version that scored it ({@code modelId@version})
 * @param score                 the largest signal score: how many robust standard deviations the smoothed signal is
 *                              from the machine's baseline at the end of the batch
 * @param signals               each signal's score (absolute, smoothed), by signal name; a signal without readings is absent
 * @param maxBearingTemperature the highest bearing temperature read (degC), null when none was (JSON has no NaN)
 * @param overSafetyLimit       whether a reading reached the machine's hard bearing-temperature limit: a stop whatever
 *                              the score
 * @param droppedSignals        signals the sensor stopped reporting (null in the batch's last half)
 * @param readings              readings scored
 */
public record MachineScore(String machineId, String model, double score, Map<String, Double> signals, Double maxBearingTemperature,
                           boolean overSafetyLimit, List<String> droppedSignals, int readings) {
    public MachineScore {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(model, "model");
        signals = java.util.Collections.unmodifiableMap(new TreeMap<>(signals));
        droppedSignals = List.copyOf(droppedSignals);
    }

    /** How a job names the models that scored it: one, or several (comma-separated) while a hosted model's endpoint was being updated. */
    private static final String VERSIONS_SEPARATOR = ",";

    /** The models that scored these machines, each once, in the machines' order, as a job names them. */
    public static String versions(List<MachineScore> scores) {
        return String.join(VERSIONS_SEPARATOR, scores.stream().map(MachineScore::model).distinct().toList());
    }

    /** The models a job's {@link #versions} names. */
    public static List<String> versionsOf(String versions) {
        return versions == null || versions.isEmpty() ? List.of() : List.of(versions.split(VERSIONS_SEPARATOR));
    }
}
