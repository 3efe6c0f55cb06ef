package dev.tandem.functions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.analyze.AnalyzeChunkHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs in a fresh JVM on the steps jar: AnalyzeChunk over the given chunk items (a Map step's items), round robin;
 * prints warm p50/p99 of AnalyzeChunk.
 */
public final class StepsBenchChild {

    private StepsBenchChild() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode chunks = Json.read(Files.readString(Path.of(args[0])), JsonNode.class);
        int invocations = Integer.parseInt(args[1]);
        StepContext context = new StepContext("bench", "1");
        AnalyzeChunkHandler analyze = new AnalyzeChunkHandler();
        for (int i = 0; i < 50; i++) {
            analyze.execute(chunks.get(i % chunks.size()), context);
        }
        double[] latencies = new double[invocations];
        for (int i = 0; i < invocations; i++) {
            long t0 = System.nanoTime();
            analyze.execute(chunks.get(i % chunks.size()), context);
            latencies[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(latencies);
        System.out.println("chunks=" + chunks.size());
        System.out.println("analyzeP50Ms=" + ColdStartChild.percentile(latencies, 50));
        System.out.println("analyzeP99Ms=" + ColdStartChild.percentile(latencies, 99));
        System.exit(0);
    }
}
