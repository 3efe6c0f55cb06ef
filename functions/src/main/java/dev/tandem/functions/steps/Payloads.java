package dev.tandem.functions.steps;

import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.S3Location;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Claim-check objects of the pipeline in the documents bucket, under {@code jobs/<jobId>/}. Steps
 * pass {@link PayloadRef}s between them; the payloads stay in S3 (encrypted with the bucket's key).
 */
@Singleton
public class Payloads {

    private final S3Client s3;
    private final String bucket;

    public Payloads(S3Client s3, FunctionsConfig config) {
        this.s3 = s3;
        this.bucket = FunctionsConfig.required(config.bucket(), ConfigKey.BUCKET.environmentVariable());
    }

    public PayloadRef putText(String name, String key, String text) {
        return put(name, key, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    public PayloadRef putJson(String name, String key, Object value) {
        return put(name, key, Json.write(value).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private PayloadRef put(String name, String key, byte[] bytes, String contentType) {
        String sha256 = Digests.sha256Hex(bytes);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
        return new PayloadRef(name, new S3Location(bucket, key).uri(), sha256, bytes.length);
    }

    public byte[] read(String uri) {
        S3Location l = S3Location.of(uri);
        return s3.getObjectAsBytes(b -> b.bucket(l.bucket()).key(l.key())).asByteArray();
    }

    /** Bytes {@code [from, to)} of the object (an HTTP range read). */
    public byte[] read(String uri, long from, long to) {
        if (to <= from) {
            return new byte[0];
        }
        S3Location l = S3Location.of(uri);
        return s3.getObjectAsBytes(b -> b.bucket(l.bucket()).key(l.key()).range("bytes=" + from + "-" + (to - 1))).asByteArray();
    }

    public <T> T readJson(String uri, Class<T> type) {
        return Json.read(new String(read(uri), StandardCharsets.UTF_8), type);
    }

    /** A findings object written by AnalyzeChunk or Assess. */
    public List<Finding> readFindings(String uri) {
        return List.of(readJson(uri, Finding[].class));
    }
}
