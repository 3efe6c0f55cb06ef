package dev.tandem.pipelines.linemaintenance.telemetry;

import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.Submission;
import dev.tandem.contracts.problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The line-maintenance input contract: the schema fixes the shape, ranges and units; {@link #check} what a schema
 * cannot: the line and its machines must be registered, each machine listed once, its readings strictly in time order
 * (a repeated timestamp is a duplicate reading), none in the future (beyond the clock skew allowed), its cycle counter
 * never decreasing, every value a finite number. Every violation names its field by JSON pointer and says what to send.
 */
public final class TelemetryContract implements InputContract<TelemetryBatch> {

    public static final String SCHEMA = "/schemas/line-maintenance/telemetry-batch.schema.json";
    /** A gateway's clock may run this far ahead of ours. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final LineRegistry registry;
    private final Clock clock;

    public TelemetryContract(LineRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String schemaResource() {
        return SCHEMA;
    }

    @Override
    public Class<TelemetryBatch> bodyType() {
        return TelemetryBatch.class;
    }

    @Override
    public List<FieldError> check(TelemetryBatch batch) {
        List<FieldError> errors = new ArrayList<>();
        if (batch.machines().isEmpty() == batch.overrides().isEmpty()) {
            errors.add(batch.machines().isEmpty()
                    ? new FieldError("/machines", "send at least one machine's readings (or, as an operator, overrides in a job of their own)")
                    : new FieldError("/overrides", "send overrides in a job of their own, without readings"));
        }
        if (!batch.machines().isEmpty() && !TelemetryBatch.Units.CONTRACT.equals(batch.units())) {
            errors.add(new FieldError("/units", "send the signals in " + TelemetryBatch.Units.CONTRACT + "; convert before sending"));
        }
        LineRegistry.Line line = registry.line(batch.lineId()).orElse(null);
        if (line == null) {
            errors.add(new FieldError("/lineId", "no line " + batch.lineId() + " is registered; the registered lines are " + registry.lineIds()));
        }
        Set<String> overridden = new HashSet<>();
        for (int o = 0; o < batch.overrides().size(); o++) {
            TelemetryBatch.Override override = batch.overrides().get(o);
            String at = "/overrides/" + o;
            registeredOnce(errors, line, overridden, at + "/machineId", override.machineId(), "is overridden twice; send one override per machine");
            if (override.reason() == null || override.reason().isBlank()) {
                errors.add(new FieldError(at + "/reason", "say why (kept with the decision and the audit)"));
            }
        }
        Instant latest = clock.instant().plus(CLOCK_SKEW);
        Set<String> seen = new HashSet<>();
        for (int m = 0; m < batch.machines().size(); m++) {
            TelemetryBatch.MachineTelemetry machine = batch.machines().get(m);
            String at = "/machines/" + m;
            registeredOnce(errors, line, seen, at + "/machineId", machine.machineId(), "is listed twice; send each machine's readings once");
            TelemetryBatch.Reading before = null;
            for (int r = 0; r < machine.readings().size(); r++) {
                TelemetryBatch.Reading reading = machine.readings().get(r);
                String pointer = at + "/readings/" + r;
                if (reading.at().isAfter(latest)) {
                    errors.add(new FieldError(pointer + "/at", "is in the future (" + reading.at() + "); check the gateway's clock"));
                }
                if (before != null) {
                    if (reading.at().equals(before.at())) {
                        errors.add(new FieldError(pointer + "/at", "duplicates the reading before (" + reading.at() + "); send each reading once"));
                    } else if (reading.at().isBefore(before.at())) {
                        errors.add(new FieldError(pointer + "/at", "is before the reading before (" + before.at() + "); send readings in time order"));
                    }
                    if (reading.cycleCount() < before.cycleCount()) {
                        errors.add(new FieldError(pointer + "/cycleCount", "decreased from " + before.cycleCount() + "; the cycle counter never goes back"));
                    }
                }
                finite(errors, pointer + "/vibrationRms", reading.vibrationRms());
                finite(errors, pointer + "/bearingTemperature", reading.bearingTemperature());
                finite(errors, pointer + "/motorCurrent", reading.motorCurrent());
                before = reading;
            }
        }
        return errors;
    }

    /** A machine of the registered line (when the line is), named once: {@code twice} says what to do when it is not. */
    private static void registeredOnce(List<FieldError> errors, LineRegistry.Line line, Set<String> seen, String pointer, String machineId,
                                       String twice) {
        if (line != null && !line.machines().containsKey(machineId)) {
            errors.add(new FieldError(pointer, "line " + line.id() + " has no machine " + machineId + "; its machines are "
                    + line.machines().keySet().stream().sorted().toList()));
        }
        if (!seen.add(machineId)) {
            errors.add(new FieldError(pointer, "machine " + machineId + " " + twice));
        }
    }

    private static void finite(List<FieldError> errors, String pointer, Double value) {
        if (value != null && !Double.isFinite(value)) {
            errors.add(new FieldError(pointer, "must be a finite number, or null when the sensor did not report"));
        }
    }

    /** The job keeps the batch as sent (its claim check), the line as an attribute the policies read, the batch id as metadata. */
    @Override
    public Submission submission(TelemetryBatch batch) {
        return new Submission(Json.write(batch).getBytes(StandardCharsets.UTF_8), batch.lineId() + "-" + batch.batchId() + ".json",
                Map.of("line", batch.lineId(), "machines", Integer.toString(batch.machines().size()),
                        "overrides", Integer.toString(batch.overrides().size())), Map.of("batchId", batch.batchId()));
    }
}
