package dev.tandem.local;

import dev.tandem.contracts.audit.AuditEventType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/dev demo}: submits every document of {@code samples/} for {@code support-kb} through
 * the running stack's API, approves review items as a reviewer (and says so), and prints, per document,
 * the path, the policy decision, the findings by type, the end-to-end latency and whether the audit
 * chain verifies. Exits 1 when a result differs from the expected table in {@code samples/README.md}.
 */
public final class Demo {

    /** One row of the expected table. */
    public record Expected(String file, String decision, String path) {
    }

    /** What happened to one document. */
    public record Row(String file, String jobId, String path, String decision, String status, String findings, long latencyMs,
                      boolean auditValid, boolean matches) {
    }

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        String api = "http://localhost:3000";
        Path samples = Path.of("samples");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--api" -> api = args[++i];
                case "--samples" -> samples = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: scripts/dev demo");
                    System.exit(2);
                }
            }
        }
        List<Row> rows = run(new TandemClient(api), samples, System.out);
        print(rows, System.out);
        boolean ok = rows.stream().allMatch(Row::matches);
        System.out.println(ok ? "\nEvery result matches samples/README.md." : "\nSome results differ from samples/README.md (marked x).");
        System.exit(ok ? 0 : 1);
    }

    /** The support-kb column of samples/README.md's table. */
    public static List<Expected> expected(Path samples) throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(samples.resolve("README.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].trim().endsWith(".txt")) {
                continue;
            }
            String supportKb = cells[3].trim().split(" / ")[0].trim();
            String decision = supportKb.split("\\s+")[0];
            String path = decision.equals("ALLOW") ? "fast" : decision.equals("REVIEW_REQUIRED") ? "reviewed" : "governed";
            out.add(new Expected(cells[1].trim(), decision, path));
        }
        return out;
    }

    public static List<Row> run(TandemClient client, Path samples, PrintStream say) throws Exception {
        List<Expected> expected = expected(samples);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Row>> futures = new ArrayList<>();
            for (Expected e : expected) {
                futures.add(pool.submit(() -> one(client, samples, e, say)));
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Row one(TandemClient client, Path samples, Expected e, PrintStream say) throws IOException {
        String text = Files.readString(samples.resolve(e.file()), StandardCharsets.UTF_8);
        TandemClient.Response submitted = client.submit("support-kb", text, e.file());
        if (submitted.status() != 202) {
            throw new IllegalStateException(e.file() + ": POST /v1/jobs answered " + submitted.status() + ": " + submitted.text());
        }
        String jobId = submitted.json().path("jobId").asText();
        JsonNode job = client.await(jobId, Duration.ofSeconds(60), Set.of("AWAITING_REVIEW"));
        boolean reviewed = false;
        if (job.path("status").asText().equals("AWAITING_REVIEW")) {
            JsonNode items = client.send("GET", "/v1/reviews?status=PENDING", "reviewer", null, Map.of()).json().path("items");
            String reviewId = null;
            for (JsonNode item : items) {
                if (item.path("jobId").asText().equals(jobId)) {
                    reviewId = item.path("reviewId").asText();
                }
            }
            if (reviewId == null) {
                throw new IllegalStateException(e.file() + ": job " + jobId + " awaits review but no pending review item names it");
            }
            say.println("reviewer: approving review " + reviewId + " of " + e.file() + " (the proposed redaction plan applies)");
            TandemClient.Response decided = client.send("POST", "/v1/reviews/" + reviewId, "reviewer",
                    Json.write(Map.of("decision", "APPROVE", "comment", "approved in the local demo")), Map.of("Content-Type", "application/json"));
            if (decided.status() != 200) {
                throw new IllegalStateException(e.file() + ": the review decision answered " + decided.status() + ": " + decided.text());
            }
            reviewed = true;
            job = client.await(jobId, Duration.ofSeconds(60), Set.of());
        }
        JsonNode audit = client.auditClosedBy(jobId, AuditEventType.closingNames(), Duration.ofSeconds(5));
        String decision = "ALLOW";
        String findings = "";
        boolean governed = false;
        for (JsonNode event : audit.path("events")) {
            String type = event.path("type").asText();
            if (type.equals(AuditEventType.POLICY_DECIDED.name())) {
                decision = event.at("/details/outcome").asText();
                governed = true;
            }
            if (type.equals(AuditEventType.JOB_COMPLETED.name()) || type.equals(AuditEventType.JOB_REJECTED.name())) {
                findings = event.at("/details/findings").asText("");
            }
        }
        String path = reviewed ? "reviewed" : governed ? "governed" : "fast";
        long latency = Duration.between(Instant.parse(job.path("createdAt").asText()), Instant.parse(job.path("updatedAt").asText())).toMillis();
        boolean valid = audit.at("/verification/valid").asBoolean();
        boolean matches = decision.equals(e.decision()) && path.equals(e.path()) && valid
                && job.path("status").asText().equals(e.decision().equals("DENY") ? "REJECTED" : "COMPLETED");
        return new Row(e.file(), jobId, path, decision, job.path("status").asText(), findings.isEmpty() ? "none" : findings, latency, valid, matches);
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-30s %-9s %-21s %-10s %-44s %9s %6s %s%n", "document", "path", "decision", "status", "findings",
                "latency", "audit", "ok");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-30s %-9s %-21s %-10s %-44s %6d ms %6s %s%n", r.file(), r.path(), r.decision(), r.status(),
                    r.findings(), r.latencyMs(), r.auditValid() ? "valid" : "BROKEN", r.matches() ? "yes" : "x");
        }
    }

}
