package dev.tandem.contracts.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * A signed digest of audit chain heads, kept outside the audit table (in AWS, an S3 bucket with Object Lock in
 * compliance mode): which job's chain ended where at {@link #createdAt}. Digests form a chain of their own, each
 * naming the SHA-256 of the previous one's signed content, and each is signed by a key only the digest writer may
 * use. A job's events verify against every digest that covers the job: a head a digest recorded must still be on
 * the chain (the event at that sequence has that hash), so neither deleting a chain's tail nor rewriting the whole
 * chain with recomputed hashes (and its anchored head) passes.
 *
 * <p>What is signed is the RFC 8785 (JCS) encoding of every field but {@code signature}: {@link #signedContent()}.
 *
 * @param sequence       1 for a stage's first digest, then one more each
 * @param previousSha256 SHA-256 of the previous digest's signed content; 64 zeros for the first
 * @param heads          the chains' heads, sorted by job id
 * @param signature      the writer's signature over {@link #signedContent()}; null before signing
 */
public record AuditDigest(int version, long sequence, Instant createdAt, String previousSha256, List<JobHead> heads,
                          Signature signature) {

    /** The format's version. */
    public static final int VERSION = 1;

    /** previousSha256 of the first digest. */
    public static final String GENESIS = AuditChain.GENESIS;

    /** A job's chain head at the digest's time. */
    public record JobHead(String jobId, long sequence, String hash) {
        public JobHead {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /**
     * @param algorithm e.g. {@code RSASSA_PSS_SHA_256} (KMS's name)
     * @param keyId     the signing key (a KMS key ARN, or {@code local:<fingerprint>} on the local stack)
     * @param value     the signature, base64
     */
    public record Signature(String algorithm, String keyId, String value) {
        public Signature {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(value, "value");
        }
    }

    public AuditDigest {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(previousSha256, "previousSha256");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        heads = heads == null ? List.of() : heads.stream().sorted(Comparator.comparing(JobHead::jobId)).toList();
    }

    /** The unsigned digest that follows {@code previous} (null for the first). */
    public static AuditDigest next(AuditDigest previous, Instant createdAt, List<JobHead> heads) {
        return new AuditDigest(VERSION, previous == null ? 1 : previous.sequence() + 1, createdAt,
                previous == null ? GENESIS : previous.sha256(), heads, null);
    }

    public AuditDigest signed(Signature signature) {
        return new AuditDigest(version, sequence, createdAt, previousSha256, heads, Objects.requireNonNull(signature, "signature"));
    }

    /** The bytes the signature covers: the JCS encoding of every field but the signature. */
    @JsonIgnore
    public byte[] signedContent() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("createdAt", createdAt.toString());
        fields.put("heads", heads);
        fields.put("previousSha256", previousSha256);
        fields.put("sequence", sequence);
        fields.put("version", version);
        try {
            return new JsonCanonicalizer(Json.write(fields)).getEncodedString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("strings and numbers always canonicalize", e);
        }
    }

    /** SHA-256 (hex) of {@link #signedContent()}: what the next digest names as its previous. */
    @JsonIgnore
    public String sha256() {
        return Digests.sha256Hex(signedContent());
    }

    /** The head this digest recorded for a job, if it covers the job. */
    @JsonIgnore
    public Optional<JobHead> head(String jobId) {
        return heads.stream().filter(h -> h.jobId().equals(jobId)).findFirst();
    }
}
