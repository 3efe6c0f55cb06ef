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
 * @param units     the units the readings are in: must be the contract's (needed only with readings)
 * @param machines  each machine's readings; none in an operator's job of overrides
 * @param overrides an operator's overrides of machines' states (closing a work order, holding a machine derated,
 *                  releasing it), in a job of their own: the policies apply them only for a user in the operator role
 */
public record TelemetryBatch(String lineId, String batchId, Units units, List<MachineTelemetry> machines, List<Override> overrides) {

    public TelemetryBatch {
        machines = machines == null ? List.of() : List.copyOf(machines);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    public TelemetryBatch(String lineId, String batchId, Units units, List<MachineTelemetry> machines) {
        this(lineId, batchId, units, machines, List.of());
    }

    /** What an operator may do to a machine's durable state. */
    public enum OverrideAction {
        /** The work is done: the open work order closes and the rising trend starts again. */
        CLOSE_WORK_ORDER,
        /** Run the machine derated, whatever it reads, until released (after a repair, say). */
        HOLD_DERATED,
        /** End a hold: the readings decide again. */
        RELEASE_HOLD
    }

    /** An operator's override of one machine's state, and why (kept with the decision, the audit and the event). */
    public record Override(String machineId, OverrideAction action, String reason) {
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
