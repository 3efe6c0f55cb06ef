package dev.tandem.contracts.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A list of {@code name=value} pairs in one string, comma-separated: how a value per pipeline (or per governed step)
 * travels in one environment variable or CLI option ({@link ConfigKey#STATE_MACHINE_ARNS},
 * {@link ConfigKey#AGENT_POLICY_VERSIONS}, the ops CLI's {@code --state-machine-alias-arns}). Values must not contain a
 * comma; ARNs, versions and pipeline names do not.
 */
public final class NamedValues {

    private NamedValues() {
    }

    /**
     * The pairs in order; blank entries are skipped, names and values trimmed.
     *
     * @throws IllegalArgumentException naming the entry, when one has no {@code =} or an empty name
     */
    public static Map<String, String> parse(String spec) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0 || entry.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("expected name=value[,...], got '" + entry.trim() + "'");
            }
            pairs.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return pairs;
    }

    /** {@code name=value,...} in the map's order. */
    public static String format(Map<String, String> pairs) {
        return pairs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
