package dev.tandem.agent.bench;

import dev.tandem.agent.support.AgentHarness;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.testsupport.AwsClients;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.EmbeddedAwsBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code scripts/bench agent}: Cedar decisions per second on one thread ({@link PolicyBench}), then
 * governed steps end to end through the real agent (queue -> case -> evaluation -> atomic decision
 * and audit event -> SendTaskSuccess -> REPORTED) against ElasticMQ, dynalite and S3Proxy, at
 * concurrency 1, 8 and 32. Each level is a closed loop: as many clients as the agent's concurrency,
 * each sending a task and waiting for its report (timed at the Step Functions fake) before the next.
 * Prints figures; asserts nothing.
 */
public final class AgentBench {

    private static final int[] LEVELS = {1, 8, 32};

    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        org.apache.logging.log4j.core.config.Configurator.setLevel("dev.tandem", org.apache.logging.log4j.Level.WARN);
        PolicyBench.main(args.length > 0 ? new String[] {args[0]} : new String[0]);
        int stepsPerClient = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        System.out.println();
        System.out.printf(Locale.ROOT, "Governed steps end to end (queue -> decision -> audit -> report), %d cores,%n",
                Runtime.getRuntime().availableProcessors());
        System.out.println("ElasticMQ + S3Proxy in this JVM, dynalite beside it, the agent in-process with the same JVM:");
        try (EmbeddedAwsBackend backend = EmbeddedAwsBackend.start()) {
            AwsEndpoints e = backend.endpoints();
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(e);
            SqsClient sqs = AwsClients.sqs(e);
            S3Client s3 = AwsClients.s3(e);
            for (int level : LEVELS) {
                run(level, Math.max(100, stepsPerClient * level), new AgentHarness(e, dynamoDb, sqs, s3));
            }
        }
        // DynamoDB Local leaves a non-daemon shard-rollover thread that would keep the JVM alive for minutes.
        System.exit(0);
    }

    private static void run(int concurrency, int steps, AgentHarness h) throws Exception {
        long began = System.nanoTime();
        try (h) {
            Map<String, CompletableFuture<Long>> reports = new ConcurrentHashMap<>();
            h.aws.addMockServiceRequestListener((request, response) -> {
                String target = request.getHeader("X-Amz-Target");
                if ("AWSStepFunctions.SendTaskSuccess".equals(target)) {
                    String token = Json.read(request.getBodyAsString(), com.fasterxml.jackson.databind.JsonNode.class).path("taskToken").asText();
                    CompletableFuture<Long> f = reports.get(token);
                    if (f != null) {
                        f.complete(System.nanoTime());
                    }
                }
            });
            h.startAgent(Map.of("tandem.agent.concurrency", concurrency, "tandem.agent.wait-time", "1s",
                    "tandem.agent.visibility-timeout", "60s", "tandem.agent.heartbeat-interval", "20s"));
            int warmup = Math.min(50, steps / 4);
            long preparing = System.nanoTime();
            ConcurrentLinkedQueue<GovernTask> tasks = new ConcurrentLinkedQueue<>(prepare(h, steps + warmup));
            System.err.printf(Locale.ROOT, "prepared %d jobs in %.1f s%n", steps + warmup, (System.nanoTime() - preparing) / 1e9);
            drive(h, reports, tasks, concurrency, warmup);
            long start = System.nanoTime();
            double[] millis = drive(h, reports, tasks, concurrency, steps);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "  concurrency %2d: %6.1f steps/s; latency p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms (%d steps)%n",
                    concurrency, steps / seconds, millis[steps / 2], millis[(int) (steps * 0.99)], millis[steps - 1], steps);
        }
        System.err.printf(Locale.ROOT, "level %d took %.1f s in all%n", concurrency, (System.nanoTime() - began) / 1e9);
    }

    private static List<GovernTask> prepare(AgentHarness h, int n) {
        List<FindingType[]> mixes = List.of(new FindingType[] {FindingType.EMAIL, FindingType.PHONE},
                new FindingType[] {FindingType.IBAN, FindingType.PAYMENT_CARD, FindingType.EMAIL},
                new FindingType[] {FindingType.NATIONAL_ID, FindingType.EMAIL},
                new FindingType[] {FindingType.IP_ADDRESS, FindingType.EMAIL});
        Purpose[] purposes = Purpose.values();
        List<GovernTask> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(h.governedJob(purposes[i % purposes.length], DataClassification.INTERNAL, List.of("submitter"),
                    mixes.get(i % mixes.size())));
        }
        return tasks;
    }

    /** {@code clients} closed-loop clients until {@code steps} steps are reported; per-step latency in ms. */
    private static double[] drive(AgentHarness h, Map<String, CompletableFuture<Long>> reports, ConcurrentLinkedQueue<GovernTask> tasks,
                                  int clients, int steps) throws Exception {
        double[] millis = new double[steps];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < steps) {
                        GovernTask task = tasks.poll();
                        CompletableFuture<Long> report = new CompletableFuture<>();
                        reports.put(task.taskToken(), report);
                        long sent = System.nanoTime();
                        h.send(task);
                        millis[i] = (report.get(60, TimeUnit.SECONDS) - sent) / 1e6;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return millis;
    }
}
