package dev.tandem.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.local.LocalStack;
import dev.tandem.local.TandemClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/bench pipeline [jobs] [clients]}: end-to-end latency through a started local stack
 * (API -> state machine -> functions -> agent -> Finalize), from the job's creation to its terminal
 * status (server timestamps), for the fast path (clean-product-faq.txt) and the governed path
 * (support-ticket-contact.txt), with one client and with several. Prints figures; asserts nothing.
 */
public final class PipelineBench {

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        LocalStack stack = dev.tandem.local.BenchStack.start();
        try {
            TandemClient api = new TandemClient(stack.endpoints().api());
            Path samples = dev.tandem.cdk.app.Artifacts.root(Path.of("").toAbsolutePath()).resolve("samples");
            String fast = Files.readString(samples.resolve("clean-product-faq.txt"));
            String governed = Files.readString(samples.resolve("support-ticket-contact.txt"));
            run(api, "warm-up", governed, 20, 4);
            System.out.printf(Locale.ROOT, "%nEnd-to-end pipeline latency on the local stack (%d cores; created -> terminal, server clock):%n",
                    Runtime.getRuntime().availableProcessors());
            for (int c : new int[] {1, clients}) {
                run(api, "fast path     ", fast, jobs, c);
                run(api, "governed path ", governed, jobs, c);
            }
        } finally {
            stack.close();
            System.exit(0);
        }
    }

    private static void run(TandemClient api, String label, String text, int jobs, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                futures.add(pool.submit(() -> {
                    TandemClient.Response r = api.submit("support-kb", text, null);
                    JsonNode job = api.await(r.json().path("jobId").asText(), Duration.ofSeconds(120), Set.of());
                    if (!job.path("status").asText().equals("COMPLETED")) {
                        throw new IllegalStateException("job ended " + job.path("status").asText());
                    }
                    return Duration.between(Instant.parse(job.path("createdAt").asText()), Instant.parse(job.path("updatedAt").asText())).toMillis();
                }));
            }
            long[] ms = new long[jobs];
            for (int i = 0; i < jobs; i++) {
                ms[i] = futures.get(i).get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(ms);
            if (!label.equals("warm-up")) {
                System.out.printf(Locale.ROOT, "  %s %2d client(s): p50 %5d ms, p99 %5d ms, max %5d ms; %5.1f jobs/s (%d jobs)%n", label, clients,
                        ms[jobs / 2], ms[Math.min(jobs - 1, (int) Math.ceil(jobs * 0.99) - 1)], ms[jobs - 1], jobs / seconds, jobs);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
