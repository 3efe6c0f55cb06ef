package dev.tandem.local.bench;

import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.json.Json;
import dev.tandem.local.LocalStack;
import dev.tandem.local.lambda.ColdStart;
import dev.tandem.local.lambda.DeployedFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench functions} (first part): the cold start of every function of the synthesized
 * template, each from its deployment artifact in a fresh execution environment (a new JVM running the
 * Lambda Java runtime with the template's handler and environment), {@code runs} times: init (JVM start
 * to the runtime's first request for an event) and the first event. API functions get an unauthenticated
 * proxy event (Health a public one), step functions an input naming no job: the first event runs the
 * handler's whole request path up to its refusal, without a pipeline behind it. Prints figures; asserts nothing.
 */
public final class ColdStartBench {

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        LocalStack stack = dev.tandem.local.BenchStack.start();
        try {
            byte[] apiEvent = Json.write(Map.of("resource", "/v1/health", "path", "/v1/health", "httpMethod", "GET", "headers", Map.of(),
                    "requestContext", Map.of("requestId", "bench", "stage", "v1"))).getBytes(StandardCharsets.UTF_8);
            byte[] stepInput = "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "%nCold start of every function from its artifact (%d fresh JVMs each, %d cores; ms, median [min-max]):%n",
                    runs, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  %-44s %-10s %6s  %-22s %-22s %-22s%n", "function", "artifact", "MB", "init", "first event", "total");
            for (DeployedFunction f : stack.lambdas().functions()) {
                // The API's functions are named by TandemFunction; the others are pipelines' steps.
                boolean api = java.util.Arrays.stream(TandemFunction.values())
                        .anyMatch(t -> Stages.functionName(LocalStack.STAGE, t.logicalName()).equals(f.name()));
                List<ColdStart> samples = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    samples.add(stack.lambdas().coldStart(f.name(), api ? apiEvent : stepInput));
                }
                System.out.printf(Locale.ROOT, "  %-44s %-10s %6.1f  %-22s %-22s %-22s%n", f.name(), f.artifact().getFileName().toString().substring(6, 14),
                        Files.size(f.artifact()) / 1e6, stats(samples, ColdStart::initMs), stats(samples, ColdStart::firstEventMs),
                        stats(samples, ColdStart::totalMs));
            }
        } finally {
            stack.close();
            System.exit(0);
        }
    }

    private static String stats(List<ColdStart> samples, java.util.function.ToDoubleFunction<ColdStart> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", v[v.length / 2], v[0], v[v.length - 1]);
    }
}
