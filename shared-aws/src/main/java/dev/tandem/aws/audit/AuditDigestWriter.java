package dev.tandem.aws.audit;

import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.audit.AuditHead;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Writes the next audit digest: the anchored heads of the given jobs (those whose chains ended, or moved, since the
 * last digest), chained to the latest digest and signed. Runs as one writer at a time (the digest function's
 * reserved concurrency is 1), so sequences never fork.
 */
public final class AuditDigestWriter {

    private final AuditLog audit;
    private final AuditDigestStore store;
    private final DigestSigner signer;
    private final Clock clock;

    public AuditDigestWriter(AuditLog audit, AuditDigestStore store, DigestSigner signer, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.store = Objects.requireNonNull(store, "store");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes a digest of these jobs' anchored heads (jobs with none are left out) and returns it. With no job it still
     * writes one: a digest at every period shows the writer was alive, so a gap in time is itself visible.
     */
    public AuditDigest write(Collection<String> jobIds) {
        List<AuditDigest.JobHead> heads = new ArrayList<>();
        for (String jobId : new TreeSet<>(jobIds)) {
            AuditHead head = audit.anchoredHead(jobId);
            if (head != null) {
                heads.add(new AuditDigest.JobHead(jobId, head.sequence(), head.hash()));
            }
        }
        AuditDigest next = AuditDigest.next(store.latest().orElse(null), clock.instant(), heads);
        AuditDigest signed = next.signed(signer.sign(next.signedContent()));
        store.put(signed);
        return signed;
    }
}
