package dev.tandem.local;

import dev.tandem.contracts.audit.AuditEventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.ItemGovernedStep;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.pipeline.spi.Sample;
import dev.tandem.contracts.validation.ContractValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/dev demo}: submits every registered pipeline's samples ({@link PipelineDefinition#samples()}) through
 * the running stack's API, gives the review verdict a sample declares when its job waits for a reviewer (and says
 * so), and prints, per sample, the path, the governed decision, the findings (when the pipeline audits them), the
 * end-to-end latency and whether the audit chain verifies. Exits 1 when a result differs from what the sample
 * declares. Pipelines use {@link #run} in their tests on the local stack.
 */
public final class Demo {

    /** What happened to one sample, and whether it is what the sample declares. */
    public record Row(String pipeline, String sample, String jobId, String path, String decision, String status, String findings,
                      long latencyMs, boolean auditValid, boolean matches) {
    }

    private Demo() {
    }

    /** {@code scripts/dev demo}: its options, parsed by picocli (usage errors exit 2). */
    @picocli.CommandLine.Command(name = "scripts/dev demo", description = "Run every pipeline's samples against the running local stack.")
    static final class Command implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
        @picocli.CommandLine.Option(names = "--api", paramLabel = "URL", description = "the local API (default ${DEFAULT-VALUE})")
        String api = "http://localhost:3000";

        @Override
        public Integer call() throws Exception {
            List<Row> rows = run(new TandemClient(api), Pipelines.all(), System.out);
            print(rows, System.out);
            boolean ok = rows.stream().allMatch(Row::matches);
            System.out.println(ok ? "\nEvery result is what its sample declares." : "\nSome results differ from what their samples declare (marked x).");
            return ok ? 0 : 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new Command()).execute(args));
    }

    /** Runs every sample of these pipelines, four at a time, and returns one row per sample in declaration order. */
    public static List<Row> run(TandemClient client, List<PipelineDefinition> pipelines, PrintStream say) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Row>> futures = new ArrayList<>();
            List<Future<List<Row>>> inOrder = new ArrayList<>();
            for (PipelineDefinition pipeline : pipelines) {
                if (pipeline.samplesInOrder()) {
                    // A sample's result depends on what the ones before it decided: one after the other.
                    inOrder.add(pool.submit(() -> {
                        List<Row> sequence = new ArrayList<>();
                        for (Sample sample : pipeline.samples()) {
                            sequence.add(one(client, pipeline, sample, say));
                        }
                        return sequence;
                    }));
                    continue;
                }
                for (Sample sample : pipeline.samples()) {
                    futures.add(pool.submit(() -> one(client, pipeline, sample, say)));
                }
            }
            List<Row> rows = new ArrayList<>();
            for (Future<List<Row>> f : inOrder) {
                rows.addAll(f.get());
            }
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Row one(TandemClient client, PipelineDefinition definition, Sample sample, PrintStream say) throws IOException {
        String pipeline = definition.name();
        String what = pipeline + "/" + sample.name();
        ObjectNode body = (ObjectNode) Json.read(sample.body(), JsonNode.class);
        body.put(ContractValidator.PIPELINE_FIELD, pipeline);
        // The sample's user submits it and reads it back (a submitter sees only their own jobs).
        String user = String.join("+", sample.roles());
        TandemClient.Response submitted = client.send("POST", "/v1/jobs", user, Json.write(body),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Content-Type", "application/json"));
        if (submitted.status() != 202) {
            throw new IllegalStateException(what + ": POST /v1/jobs answered " + submitted.status() + ": " + submitted.text());
        }
        String jobId = submitted.json().path("jobId").asText();
        JsonNode job = client.await(jobId, Duration.ofSeconds(60), Set.of(JobStatus.AWAITING_REVIEW.name()), user);
        boolean reviewed = false;
        if (job.path("status").asText().equals(JobStatus.AWAITING_REVIEW.name()) && sample.review() != null) {
            String reviewId = null;
            for (JsonNode item : client.send("GET", "/v1/reviews?status=PENDING", "reviewer", null, Map.of()).json().path("items")) {
                if (item.path("jobId").asText().equals(jobId)) {
                    reviewId = item.path("reviewId").asText();
                }
            }
            if (reviewId == null) {
                throw new IllegalStateException(what + ": job " + jobId + " awaits review but no pending review item names it");
            }
            say.println("reviewer: " + sample.review().name().toLowerCase(Locale.ROOT) + " review " + reviewId + " of " + what);
            TandemClient.Response decided = client.send("POST", "/v1/reviews/" + reviewId, "reviewer",
                    Json.write(Map.of("decision", sample.review().name(), "comment", "decided in the local demo")),
                    Map.of("Content-Type", "application/json"));
            if (decided.status() != 200) {
                throw new IllegalStateException(what + ": the review decision answered " + decided.status() + ": " + decided.text());
            }
            reviewed = true;
            job = client.await(jobId, Duration.ofSeconds(60), Set.of(), user);
        }
        JsonNode audit = client.auditClosedBy(jobId, AuditEventType.closingNames(), Duration.ofSeconds(5));
        String decision = null;
        String findings = "";
        for (JsonNode event : audit.path("events")) {
            String type = event.path("type").asText();
            if (type.equals(AuditEventType.POLICY_DECIDED.name())) {
                decision = event.at("/details/outcome").asText();
            }
            if (type.equals(AuditEventType.JOB_COMPLETED.name()) || type.equals(AuditEventType.JOB_REJECTED.name())) {
                findings = event.at("/details/findings").asText("");
            }
        }
        String path = reviewed ? "reviewed" : decision != null ? "governed" : "fast";
        long latency = Duration.between(Instant.parse(job.path("createdAt").asText()), Instant.parse(job.path("updatedAt").asText())).toMillis();
        boolean valid = audit.at("/verification/valid").asBoolean();
        String expectedDecision = sample.decision() == null ? null : sample.decision().name();
        // A step that decides per item: each item's decision, as the job's decision records it.
        Map<String, String> items = new java.util.TreeMap<>();
        for (JsonNode item : job.at("/decision/items")) {
            items.put(item.path("item").asText(), item.path("decision").asText(item.path("outcome").asText()));
        }
        if (!items.isEmpty()) {
            // The items decided anything but the weakest decision (the quiet ones would crowd the column).
            Set<String> weakest = definition.governedSteps().stream().filter(g -> g instanceof ItemGovernedStep<?, ?>)
                    .map(g -> ((ItemGovernedStep<?, ?>) g).decisions().getFirst()).collect(java.util.stream.Collectors.toSet());
            findings = items.entrySet().stream().filter(e -> !weakest.contains(e.getValue()))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
        }
        boolean matches = Objects.equals(decision, expectedDecision) && reviewed == (sample.review() != null) && valid
                && job.path("status").asText().equals(sample.status().name())
                && (sample.items().isEmpty() || sample.items().equals(items));
        return new Row(pipeline, sample.name(), jobId, path, decision == null ? "-" : decision, job.path("status").asText(),
                findings.isEmpty() ? "none" : findings, latency, valid, matches);
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-20s %-30s %-9s %-21s %-10s %-44s %9s %6s %s%n", "pipeline", "sample", "path", "decision", "status",
                "findings", "latency", "audit", "ok");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-20s %-30s %-9s %-21s %-10s %-44s %6d ms %6s %s%n", r.pipeline(), r.sample(), r.path(), r.decision(), r.status(),
                    r.findings(), r.latencyMs(), r.auditValid() ? "valid" : "BROKEN", r.matches() ? "yes" : "x");
        }
    }

}
