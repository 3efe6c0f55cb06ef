package dev.tandem.contracts.placement;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prices and assumptions behind the placement advisor's cost estimates. The defaults are public
 * us-east-1 list prices, dated ({@link #asOf}); a properties file can override any key.
 */
public record PricingTable(
        String region,
        LocalDate asOf,
        double lambdaPerMillionRequests,
        double lambdaPerGbSecond,
        double stepFunctionsPerThousandTransitions,
        double fargatePerVcpuHour,
        double fargatePerGbHour,
        double sqsPerMillionRequests,
        double modelPerMillionInputTokens,
        double modelPerMillionOutputTokens,
        long lambdaColdStartMs,
        long agentDispatchMs,
        long agentScaleOutMs,
        double agentUtilizationSteady,
        double agentUtilizationBursty,
        double sqsRequestsPerAgentStep) {

    private static final String DEFAULTS = "/pricing/us-east-1.properties";

    public PricingTable {
        if (agentUtilizationSteady <= 0 || agentUtilizationSteady > 1 || agentUtilizationBursty <= 0 || agentUtilizationBursty > 1) {
            throw new IllegalArgumentException("agent utilizations must be in (0, 1]");
        }
    }

    /** The bundled us-east-1 table. */
    public static PricingTable defaults() {
        return from(loadDefaults());
    }

    /** The bundled table with the keys of {@code overrides} replaced. Unknown keys are an error. */
    public static PricingTable withOverrides(Path overrides) {
        Properties base = loadDefaults();
        Properties extra = new Properties();
        try (Reader in = Files.newBufferedReader(overrides, StandardCharsets.UTF_8)) {
            extra.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pricing overrides " + overrides, e);
        }
        Set<String> unknown = new TreeSet<>(extra.stringPropertyNames());
        unknown.removeAll(base.stringPropertyNames());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown pricing keys in " + overrides + ": " + unknown
                    + "; known keys: " + new TreeSet<>(base.stringPropertyNames()));
        }
        base.putAll(extra);
        return from(base);
    }

    private static Properties loadDefaults() {
        Properties p = new Properties();
        try (InputStream in = PricingTable.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("pricing table missing from the classpath: " + DEFAULTS);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static PricingTable from(Properties p) {
        return new PricingTable(
                p.getProperty("region"),
                LocalDate.parse(p.getProperty("asOf")),
                number(p, "lambda.perMillionRequests"),
                number(p, "lambda.perGbSecond"),
                number(p, "stepFunctions.perThousandTransitions"),
                number(p, "fargate.perVcpuHour"),
                number(p, "fargate.perGbHour"),
                number(p, "sqs.perMillionRequests"),
                number(p, "model.perMillionInputTokens"),
                number(p, "model.perMillionOutputTokens"),
                (long) number(p, "assume.lambdaColdStartMs"),
                (long) number(p, "assume.agentDispatchMs"),
                (long) number(p, "assume.agentScaleOutMs"),
                number(p, "assume.agentUtilizationSteady"),
                number(p, "assume.agentUtilizationBursty"),
                number(p, "assume.sqsRequestsPerAgentStep"));
    }

    private static double number(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("pricing key " + key + " is missing");
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pricing key " + key + " must be a non-negative number, was '" + value + "'");
        }
    }
}
