package dev.tandem.aws.bench;

import dev.tandem.aws.audit.AuditDigestStore;
import dev.tandem.aws.audit.AuditDigestWriter;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.audit.LocalDigestSigner;
import dev.tandem.contracts.audit.AuditChain;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.testsupport.AwsClients;
import dev.tandem.testsupport.EmbeddedAwsBackend;
import dev.tandem.testsupport.Provisioning;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code scripts/bench audit}: what anchoring costs. An append as before anchoring (one conditional put) against an
 * anchored append (the put and the head's advance in one transaction), on the embedded DynamoDB engine, and the
 * digest writer's run for 100 ended jobs on the embedded S3 engine with a local key. Prints figures; asserts nothing.
 */
public final class AuditBench {

    private AuditBench() {
    }

    public static void main(String[] args) throws Exception {
        int appends = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        try (EmbeddedAwsBackend backend = EmbeddedAwsBackend.start()) {
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(backend.endpoints());
            S3Client s3 = AwsClients.s3(backend.endpoints());
            Map<String, String> tables = Provisioning.createTables(dynamoDb, "bench-", Tables.ALL);
            AuditLog log = new AuditLog(dynamoDb, tables.get("audit"), tables.get("jobs"));
            for (int warm = 0; warm < 2; warm++) {
                plain(dynamoDb, tables, log, 100);
                anchored(dynamoDb, tables, log, 100);
            }
            double[] plain = plain(dynamoDb, tables, log, appends);
            double[] anchored = anchored(dynamoDb, tables, log, appends);
            System.out.printf(Locale.ROOT, "Audit append, %d events each, embedded DynamoDB engine (dynalite), one thread, Java %s%n",
                    appends, Runtime.version());
            print("  plain conditional put (before anchoring)", plain);
            print("  put + head advance in one transaction", anchored);
            System.out.printf(Locale.ROOT, "  added per append: p50 %+.2f ms, p99 %+.2f ms%n", p(anchored, 50) - p(plain, 50), p(anchored, 99) - p(plain, 99));
            System.out.println("  write units per event in DynamoDB: 1 (put) before; 4 (2 items x 2 for a transaction) anchored;"
                    + " the governed step's decision (event + case, already a transaction): 4 before, 6 anchored");

            String bucket = "bench-digests";
            s3.createBucket(b -> b.bucket(bucket));
            AuditDigestWriter writer = new AuditDigestWriter(log, new AuditDigestStore(s3, bucket),
                    LocalDigestSigner.inDirectory(Files.createTempDirectory("bench-key")), Clock.systemUTC());
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String jobId = job(dynamoDb, tables);
                log.append(jobId, "bench", AuditEventType.JOB_COMPLETED, Map.of());
                jobs.add(jobId);
            }
            writer.write(jobs);
            double[] runs = new double[20];
            for (int i = 0; i < runs.length; i++) {
                long t = System.nanoTime();
                writer.write(jobs);
                runs[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(runs);
            System.out.printf(Locale.ROOT, "Digest of 100 ended jobs (100 head reads, one RSA-3072 signature, two S3 puts), %d runs: p50 %.1f ms, max %.1f ms"
                    + " (%.2f ms a job, off the job's path)%n", runs.length, p(runs, 50), runs[runs.length - 1], p(runs, 50) / 100);
        }
    }

    private static String job(DynamoDbClient dynamoDb, Map<String, String> tables) {
        String jobId = UUID.randomUUID().toString();
        dynamoDb.putItem(b -> b.tableName(tables.get("jobs")).item(Map.of("jobId", AttributeValue.fromS(jobId))));
        return jobId;
    }

    /** The append as it was: read the chain's last event, build the next, a conditional put, no head. */
    private static double[] plain(DynamoDbClient dynamoDb, Map<String, String> tables, AuditLog log, int n) {
        double[] ms = new double[n];
        String jobId = job(dynamoDb, tables);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            AuditEvent next = AuditChain.next(log.head(jobId), jobId, Instant.now(), "bench", "EVENT", Map.of("i", Integer.toString(i)));
            dynamoDb.putItem(b -> b.tableName(tables.get("audit")).item(AuditLog.toItem(next)).conditionExpression("attribute_not_exists(#s)")
                    .expressionAttributeNames(Map.of("#s", "sequence")));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** The append as it is: AuditLog (which also reads the chain's last event first, as before). */
    private static double[] anchored(DynamoDbClient dynamoDb, Map<String, String> tables, AuditLog log, int n) {
        double[] ms = new double[n];
        String jobId = job(dynamoDb, tables);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            log.append(jobId, "bench", AuditEventType.REVIEW_REQUESTED, Map.of("i", Integer.toString(i)));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double p(double[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static void print(String label, double[] sorted) {
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p99 %.2f ms%n", label, p(sorted, 50), p(sorted, 99));
    }
}
