package dev.tandem.pipelines.linemaintenance.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plant's lines and their machines, each with the baseline of its signals (median and median absolute deviation
 * over a reference period of normal running) and its safety limits. Shipped with the pipeline
 * ({@code /lines/lines.json}) and versioned with it: a new machine or a new baseline is a new release.
 */
public final class LineRegistry {

    /** Median and median absolute deviation of a signal in normal running. */
    public record Baseline(double median, double mad) {
        public Baseline {
            if (!(mad > 0) || !Double.isFinite(median)) {
                throw new IllegalArgumentException("a baseline needs a finite median and a positive MAD");
            }
        }
    }

    /**
     * A machine: its signals' baselines and its hard safety limit on bearing temperature, above which it must stop
     * whatever the model says.
     */
    public record Machine(String id, Baseline vibrationRms, Baseline bearingTemperature, Baseline motorCurrent, double bearingTemperatureLimit) {
    }

    public record Line(String id, Map<String, Machine> machines) {
        public Line {
            machines = Map.copyOf(machines);
        }
    }

    private final Map<String, Line> lines;

    private LineRegistry(Map<String, Line> lines) {
        this.lines = Map.copyOf(lines);
    }

    /** The registry shipped with the pipeline. */
    public static LineRegistry shipped() {
        try (InputStream in = LineRegistry.class.getResourceAsStream("/lines/lines.json")) {
            if (in == null) {
                throw new IllegalStateException("the line registry /lines/lines.json is missing from the class path");
            }
            return parse(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LineRegistry parse(JsonNode root) {
        Map<String, Line> lines = new LinkedHashMap<>();
        for (JsonNode line : root.path("lines")) {
            Map<String, Machine> machines = new LinkedHashMap<>();
            for (JsonNode m : line.path("machines")) {
                machines.put(m.path("id").asText(), new Machine(m.path("id").asText(), baseline(m, "vibrationRms"),
                        baseline(m, "bearingTemperature"), baseline(m, "motorCurrent"), m.path("bearingTemperatureLimit").asDouble()));
            }
            lines.put(line.path("id").asText(), new Line(line.path("id").asText(), machines));
        }
        return new LineRegistry(lines);
    }

    private static Baseline baseline(JsonNode machine, String signal) {
        JsonNode b = machine.path("baseline").path(signal);
        return new Baseline(b.path("median").asDouble(), b.path("mad").asDouble());
    }

    public Optional<Line> line(String id) {
        return Optional.ofNullable(lines.get(id));
    }

    public List<String> lineIds() {
        return List.copyOf(lines.keySet());
    }
}
