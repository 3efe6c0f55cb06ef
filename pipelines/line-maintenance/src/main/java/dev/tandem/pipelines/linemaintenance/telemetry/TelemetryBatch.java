package dev.tandem.pipelines.linemaintenance.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A telemetry batch of one production line: each machine's readings over a window, in the units the contract fixes
 * ({@code schemas/line-maintenance/telemetry-batch.schema.json}). A signal a sensor did not report is null (a dropout,
 * which the model sees); a value that is not a finite number is refused.
 *
 * @param lineId   the line, as the plant's line registry names it
 * @param batchId  the sender's id of the batch (a gateway's sequence), kept on the job for tracing
 * @param units    the units the readings are in: must be the contract's
 * @param machines each machine's readings, at least one machine
 */
public record TelemetryBatch(String lineId, String batchId, Units units, List<MachineTelemetry> machines) {

    public TelemetryBatch {
        machines = machines == null ? List.of() : List.copyOf(machines);
    }

    /** The units of the signals. The contract accepts exactly these (a gateway converts before it sends). */
    public record Units(String vibrationRms, String bearingTemperature, String motorCurrent) {
        public static final Units CONTRACT = new Units("mm/s", "degC", "A");
    }

    public record MachineTelemetry(String machineId, List<Reading> readings) {
        public MachineTelemetry {
            readings = readings == null ? List.of() : List.copyOf(readings);
        }
    }

    /**
     * One reading of a machine's sensors.
     *
     * @param vibrationRms       vibration velocity, RMS (mm/s); null when the sensor did not report
     * @param bearingTemperature bearing temperature (degC); null when the sensor did not report
     * @param motorCurrent       motor current (A); null when the sensor did not report
     * @param cycleCount         the machine's cycle counter (monotonic)
     */
    public record Reading(Instant at, Double vibrationRms, Double bearingTemperature, Double motorCurrent, long cycleCount) {
        public Reading {
            Objects.requireNonNull(at, "at");
        }
    }

    public int readingCount() {
        return machines.stream().mapToInt(m -> m.readings().size()).sum();
    }
}
