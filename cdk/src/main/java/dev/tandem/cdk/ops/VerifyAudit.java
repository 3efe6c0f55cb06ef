package dev.tandem.cdk.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditDigestStore;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.audit.AuditVerifier;
import dev.tandem.aws.audit.DigestSigners;
import dev.tandem.contracts.audit.AuditTrail;
import dev.tandem.contracts.audit.ChainVerification;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code scripts/verify-audit}: checks a job's audit chain, independently of the API, against the head its job record
 * anchors and against the signed digests that cover it; or checks the whole chain of digests. It reads what the
 * deployed GetJobAudit function is configured with (tables, digest bucket, signing key), from the stage (Lambda's
 * GetFunctionConfiguration) or from the running local stack ({@code .tandem/local-endpoints.json}), with the caller's
 * own credentials: an auditor needs read access to the tables and the bucket, and kms:GetPublicKey, nothing else.
 * Exit codes: 0 the trail holds, 1 it does not (or cannot be read), 2 usage.
 */
public final class VerifyAudit {

    /**
     * What to read the trail from.
     *
     * @param environment the GetJobAudit function's environment variables (table, bucket and key names)
     */
    public record Target(DynamoDbClient dynamoDb, S3Client s3, Supplier<KmsClient> kms, Map<String, String> environment) {

        String variable(String name) {
            String value = environment.get(name);
            if (value == null || value.isBlank()) {
                throw new OpsException("the deployed " + TandemFunction.GET_JOB_AUDIT.logicalName() + " function has no " + name
                        + "; was the stage deployed with audit digests?");
            }
            return value;
        }
    }

    private VerifyAudit() {
    }

    /** The stage's target: the deployed GetJobAudit's configuration, read with the caller's credentials. */
    public static Target aws(OpsClients ops, String stage) {
        Map<String, String> env = ops.lambda().getFunctionConfiguration(b -> b.functionName(
                Stages.functionName(stage, TandemFunction.GET_JOB_AUDIT.logicalName()))).environment().variables();
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        return new Target(DynamoDbClient.builder().httpClientBuilder(http).build(),
                S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                () -> KmsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(), env);
    }

    /** The running local stack's target, from the file it writes while it runs. */
    public static Target local(Path file) {
        if (!Files.exists(file)) {
            throw new OpsException("no local stack is running (" + file + " is missing): start it with ./scripts/dev");
        }
        JsonNode local;
        try {
            local = Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Region region = Region.of(local.path("region").asText());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(local.path("accessKeyId").asText(),
                local.path("secretAccessKey").asText()));
        Map<String, String> env = Json.mapper().convertValue(local.path("environment"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        return new Target(
                DynamoDbClient.builder().endpointOverride(URI.create(local.at("/endpoints/dynamodb").asText())).region(region)
                        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                S3Client.builder().endpointOverride(URI.create(local.at("/endpoints/s3").asText())).region(region).forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                () -> {
                    throw new OpsException("the local stack signs with a local key; no KMS is involved");
                }, env);
    }

    /** Checks one job's trail; prints what holds and, when not, where it breaks. */
    public static int job(Target target, String jobId, PrintStream out) {
        String jobs = target.variable(Tables.JOBS.environmentVariable());
        Map<String, AttributeValue> job = target.dynamoDb().getItem(b -> b.tableName(jobs).consistentRead(true)
                .key(Map.of("jobId", AttributeValue.fromS(jobId)))).item();
        Instant createdAt = job == null || !job.containsKey("createdAt") ? Instant.EPOCH : Instant.parse(job.get("createdAt").s());
        AuditTrail trail = verifier(target).verify(jobId, createdAt);
        ChainVerification v = trail.verification();
        out.println("job " + jobId + ": " + v.eventCount() + " events, "
                + (v.anchoredHead() == null ? "no anchored head" : "anchored head at " + v.anchoredHead())
                + (job == null ? " (the job record is missing)" : ""));
        if (v.valid()) {
            out.println("chain: VALID");
        } else {
            out.println("chain: INVALID" + (v.firstBrokenSequence() == null ? "" : " at sequence " + v.firstBrokenSequence()) + ": " + v.problem());
            if (v.expected() != null) {
                out.println("  expected: " + v.expected());
                out.println("  found:    " + v.found());
            }
        }
        AuditTrail.DigestCoverage d = trail.digests();
        out.println("digests: " + d.covering() + " cover this job" + (d.latestCovering() == null ? "" : " (latest #" + d.latestCovering() + ")")
                + (d.latestDigest() == null ? "; none written yet" : "; latest digest #" + d.latestDigest())
                + (d.chainValid() ? "; the digests since the job was created chain and verify" : "; the digests do NOT verify: " + d.problems()));
        return v.valid() && job != null ? OpsCli.OK : OpsCli.FAILED;
    }

    /** Checks every digest from the first: numbered without gaps, each naming the previous one's hash, each signed. */
    public static int digests(Target target, PrintStream out) {
        List<String> problems;
        try {
            problems = verifier(target).verifyAllDigests();
        } catch (AuditDigestStore.MissingDigestException e) {
            problems = List.of(e.getMessage());
        }
        if (problems.isEmpty()) {
            out.println("digests: the chain holds from the first digest, and every signature verifies");
            return OpsCli.OK;
        }
        out.println("digests: INVALID");
        problems.forEach(p -> out.println("  " + p));
        return OpsCli.FAILED;
    }

    /** The verifier over the target's audit and jobs tables, digest bucket and signing key. */
    private static AuditVerifier verifier(Target target) {
        AuditLog audit = new AuditLog(target.dynamoDb(), target.variable(Tables.AUDIT.environmentVariable()),
                target.variable(Tables.JOBS.environmentVariable()));
        var signer = DigestSigners.of(target.variable(ConfigKey.AUDIT_DIGEST_KEY.environmentVariable()), target.kms());
        return new AuditVerifier(audit, new AuditDigestStore(target.s3(), target.variable(ConfigKey.AUDIT_DIGEST_BUCKET.environmentVariable())),
                signer.check());
    }
}
