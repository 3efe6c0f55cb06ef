package dev.tandem.pipelines.linemaintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.local.RunningStack;
import dev.tandem.local.LocalStack;
import dev.tandem.local.TandemClient;
import dev.tandem.testsupport.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code scripts/bench module line-maintenance [batches] [clients]}: batches of line {@code line-a} through a started local
 * stack (every step from its deployed artifact, the agent as its own process), with one client and with several. For each
 * batch: from its submission to its machines' decision (the job's {@code createdAt} to the decision's {@code decidedAt},
 * the figure the time-to-decision SLO holds), and the governed step alone (the agent's case: message received to decision
 * committed); batches per second. Every batch is of the same line, so concurrent batches contend for the same four machine
 * states: the worst case. Prints figures; asserts nothing.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        LocalStack stack = RunningStack.get();
        try {
            TandemClient api = new TandemClient(stack.endpoints().api());
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(stack.endpoints().aws());
            String cases = stack.endpoints().tables().get("cases");
            run(api, dynamoDb, cases, "warm-up", 16, 4);
            System.out.printf(Locale.ROOT, "%nline-maintenance on the local stack (%d cores), batches of line-a (4 machines x 12 readings):%n",
                    Runtime.getRuntime().availableProcessors());
            for (int c : new int[] {1, clients}) {
                run(api, dynamoDb, cases, "batches", batches, c);
            }
            System.out.printf(Locale.ROOT, "  (the time-to-decision target: p99 %d ms)%n", LineMaintenanceBlueprint.DECISION_SLO.toMillis());
        } finally {
            stack.close();
            System.exit(0);
        }
    }

    private record Figures(long toDecisionMs, long governedMs) {
    }

    private static void run(TandemClient api, DynamoDbClient dynamoDb, String cases, String label, int batches, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<Figures>> futures = new ArrayList<>();
            for (int i = 0; i < batches; i++) {
                futures.add(pool.submit(() -> one(api, dynamoDb, cases)));
            }
            long[] toDecision = new long[batches];
            long[] governed = new long[batches];
            for (int i = 0; i < batches; i++) {
                Figures f = futures.get(i).get();
                toDecision[i] = f.toDecisionMs();
                governed[i] = f.governedMs();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!label.equals("warm-up")) {
                System.out.printf(Locale.ROOT, "  %2d client(s), %d batches: %5.1f batches/s%n", clients, batches, batches / seconds);
                System.out.printf(Locale.ROOT, "      submission -> decision: %s%n", percentiles(toDecision));
                System.out.printf(Locale.ROOT, "      governed step alone:    %s%n", percentiles(governed));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Figures one(TandemClient api, DynamoDbClient dynamoDb, String cases) {
        ObjectNode body = (ObjectNode) Json.read(LineMaintenanceSamples.body("normal-line.json"), JsonNode.class);
        body.put("batchId", "bench-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("pipeline", LineMaintenancePipeline.NAME);
        TandemClient.Response r = api.send("POST", "/v1/jobs", "submitter", Json.write(body),
                Map.of("Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString()));
        if (r.status() != 202) {
            throw new IllegalStateException("POST /v1/jobs answered " + r.status() + ": " + r.text());
        }
        String jobId = r.json().path("jobId").asText();
        JsonNode job = api.await(jobId, Duration.ofSeconds(120), Set.of());
        if (!job.path("status").asText().equals("COMPLETED")) {
            throw new IllegalStateException("batch " + jobId + " ended " + job.path("status").asText());
        }
        Instant created = Instant.parse(job.path("createdAt").asText());
        Instant decided = Instant.parse(job.at("/decision/decidedAt").asText());
        var c = dynamoDb.getItem(b -> b.tableName(cases).consistentRead(true)
                .key(Map.of("caseId", AttributeValue.fromS(jobId + "#Decide")))).item();
        Instant received = Instant.parse(c.get("receivedAt").s());
        Instant committed = Instant.parse(c.get("decidedAt").s());
        return new Figures(Duration.between(created, decided).toMillis(), Duration.between(received, committed).toMillis());
    }

    private static String percentiles(long[] ms) {
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return String.format(Locale.ROOT, "p50 %5d ms, p99 %5d ms, max %5d ms", sorted[n / 2], sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)],
                sorted[n - 1]);
    }
}
