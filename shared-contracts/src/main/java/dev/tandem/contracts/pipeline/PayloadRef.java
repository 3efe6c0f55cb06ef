package dev.tandem.contracts.pipeline;

import java.util.Objects;

/**
 * A claim check: where a payload lives instead of the payload itself. Step Functions state is
 * limited to 256 KiB, and documents contain PII that must not appear in execution history, so
 * state carries only these references.
 *
 * @param name      the role of the payload in the job, e.g. {@code raw}, {@code chunks}, {@code findings}
 * @param uri       {@code s3://bucket/key}
 * @param sha256    lowercase hex digest of the object's bytes
 * @param sizeBytes object size
 */
public record PayloadRef(String name, String uri, String sha256, long sizeBytes) {

    public PayloadRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("payload uri must be an s3:// uri, was " + uri);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative");
        }
    }
}
