package dev.tandem.aws.audit;

import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.audit.AuditDigests;
import dev.tandem.contracts.audit.AuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job's audit trail checked three ways: its chain, against the head its job record anchors, and against the
 * signed digests written since the job was created (which must chain and verify, and whose heads of this job must
 * be on its chain). What {@code GET /v1/jobs/{id}/audit} and {@code scripts/verify-audit} report.
 */
public final class AuditVerifier {

    /** Digests read back at most per verification: about a week of a digest every five minutes. */
    static final int MAX_DIGESTS = 2_016;
    /** Digests are read from a little before the job was created, so the one before links the segment. */
    private static final Duration SLACK = Duration.ofMinutes(10);

    private final AuditLog audit;
    private final AuditDigestStore digests;
    private final AuditDigests.SignatureCheck signatures;

    public AuditVerifier(AuditLog audit, AuditDigestStore digests, AuditDigests.SignatureCheck signatures) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.digests = Objects.requireNonNull(digests, "digests");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    /** The job's trail, verified against its anchored head and the digests since {@code createdAt}. */
    public AuditTrail verify(String jobId, Instant createdAt) {
        AuditTrail trail = audit.trail(jobId);
        List<AuditDigest> since;
        try {
            since = digests.since(createdAt.minus(SLACK), MAX_DIGESTS);
        } catch (AuditDigestStore.MissingDigestException e) {
            return trail.withDigests(AuditDigests.checkJob(jobId, trail.events(), List.of()), null, List.of(e.getMessage()));
        }
        List<String> problems = AuditDigests.verifyChain(since, !since.isEmpty() && since.getFirst().sequence() == 1, signatures);
        Long latest = since.isEmpty() ? null : since.getLast().sequence();
        return trail.withDigests(AuditDigests.checkJob(jobId, trail.events(), since), latest, problems);
    }

    /** Every digest from the first: whether the whole chain of digests holds (for {@code scripts/verify-audit --digests}). */
    public List<String> verifyAllDigests() {
        List<AuditDigest> all = digests.since(Instant.EPOCH, Integer.MAX_VALUE);
        return AuditDigests.verifyChain(all, true, signatures);
    }
}
