package dev.tandem.aws.audit;

import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Audit digests in their own bucket (in AWS: versioned, Object Lock in compliance mode, so a digest can be neither
 * rewritten nor deleted within its retention). A digest's key is its zero-padded sequence
 * ({@code audit-digests/000000000042.json}), so the one before any digest is found without listing; {@value #LATEST}
 * names the latest digest's key, a hint only: verification trusts the chain of digests, not the pointer.
 */
public final class AuditDigestStore {

    static final String PREFIX = "audit-digests/";
    /** The pointer to the latest digest. */
    public static final String LATEST = PREFIX + "latest";

    private final S3Client s3;
    private final String bucket;

    public AuditDigestStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public static String key(long sequence) {
        return PREFIX + String.format(Locale.ROOT, "%012d", sequence) + ".json";
    }

    public String bucket() {
        return bucket;
    }

    /** The latest digest, or empty when none was written yet. */
    public Optional<AuditDigest> latest() {
        String key;
        try {
            key = s3.getObjectAsBytes(b -> b.bucket(bucket).key(LATEST)).asUtf8String().trim();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        return get(key);
    }

    /** The digest of this sequence, or empty when there is none (never written, or hidden by a delete marker). */
    public Optional<AuditDigest> get(long sequence) {
        return get(key(sequence));
    }

    private Optional<AuditDigest> get(String key) {
        try {
            return Optional.of(Json.read(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String(), AuditDigest.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Stores a signed digest under its sequence, then points {@value #LATEST} at it. */
    public void put(AuditDigest digest) {
        if (digest.signature() == null) {
            throw new IllegalArgumentException("digest " + digest.sequence() + " is not signed");
        }
        String key = key(digest.sequence());
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(Json.write(digest)));
        s3.putObject(b -> b.bucket(bucket).key(LATEST).contentType("text/plain"), RequestBody.fromString(key));
    }

    /**
     * The digests from the latest back to the first written at or after {@code since} (and the one before it, which
     * links the segment to what came earlier), in sequence order, at most {@code max}. A digest missing inside the
     * segment ends the walk there; {@link dev.tandem.contracts.audit.AuditDigests#verifyChain} then names the gap.
     */
    public List<AuditDigest> since(Instant since, int max) {
        List<AuditDigest> walked = new ArrayList<>();
        Optional<AuditDigest> current = latest();
        while (current.isPresent() && walked.size() < max) {
            AuditDigest d = current.get();
            walked.add(d);
            if (d.createdAt().isBefore(since) || d.sequence() == 1) {
                break;
            }
            current = get(d.sequence() - 1);
            if (current.isEmpty()) {
                throw new MissingDigestException(d.sequence() - 1, bucket);
            }
        }
        Collections.reverse(walked);
        return walked;
    }

    /** A digest the chain needs is not in the bucket. */
    public static final class MissingDigestException extends RuntimeException {
        private final long sequence;

        MissingDigestException(long sequence, String bucket) {
            super("audit digest " + sequence + " (" + key(sequence) + ") is missing from bucket " + bucket);
            this.sequence = sequence;
        }

        public long sequence() {
            return sequence;
        }
    }
}
