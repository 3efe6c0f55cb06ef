package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.S3Location;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Claim checks in S3: the raw document is stored once under {@code jobs/<jobId>/raw.txt} with its
 * SHA-256, and only the reference travels through the workflow. Encryption at rest is the bucket's
 * default (SSE-KMS with the data key, set by the CDK app).
 */
@Singleton
public class DocumentStore {

    private final S3Client s3;
    private final String bucket;

    public DocumentStore(S3Client s3, FunctionsConfig config) {
        this.s3 = s3;
        this.bucket = FunctionsConfig.required(config.bucket(), ConfigKey.BUCKET.environmentVariable());
    }

    public static String rawKey(String jobId) {
        return "jobs/" + jobId + "/raw.txt";
    }

    public PayloadRef putRaw(String jobId, byte[] utf8Text) {
        String sha256 = Digests.sha256Hex(utf8Text);
        String key = rawKey(jobId);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain; charset=utf-8")
                .metadata(Map.of("sha256", sha256, "job-id", jobId)), RequestBody.fromBytes(utf8Text));
        return new PayloadRef("raw", new S3Location(bucket, key).uri(), sha256, utf8Text.length);
    }

    /** A refused submission event's record, {@code rejected/<yyyy-mm-dd>/<event id>.json}; returns its URI. */
    public String putRejected(String day, String eventId, byte[] json) {
        String key = dev.tandem.contracts.infra.JobEventNames.REJECTED_PREFIX + day + "/" + eventId + ".json";
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(json));
        return new S3Location(bucket, key).uri();
    }

    /** Compensation when a submission fails after the upload; best effort. */
    public void deleteRaw(String jobId) {
        s3.deleteObject(b -> b.bucket(bucket).key(rawKey(jobId)));
    }
}
