package dev.tandem.contracts.audit;

import java.util.List;
import java.util.Objects;

/**
 * Body of {@code GET /v1/jobs/{jobId}/audit}: the events in sequence order and the chain check.
 *
 * @param verification the chain against its anchored head, and against the digests that cover the job
 * @param digests      what the audit digests say of the job; null where the deployment keeps no digests
 */
public record AuditTrail(String jobId, List<AuditEvent> events, ChainVerification verification, DigestCoverage digests) {

    /**
     * @param covering      how many digests record a head of this job
     * @param latestCovering the latest of them (its sequence), or null when none covers the job yet (it has not ended,
     *                      or the writer has not run since)
     * @param latestDigest  the latest digest's sequence, or null when none was written
     * @param chainValid    whether the digests read (those since the job was created) chain and verify
     * @param problems      what is wrong with the digests themselves; empty when nothing is
     */
    public record DigestCoverage(int covering, Long latestCovering, Long latestDigest, boolean chainValid, List<String> problems) {
        public DigestCoverage {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }

    public AuditTrail {
        Objects.requireNonNull(jobId, "jobId");
        events = List.copyOf(events);
        Objects.requireNonNull(verification, "verification");
    }

    /** The events verified against the head the job record anchors (null when it anchors none). */
    public static AuditTrail of(String jobId, List<AuditEvent> events, AuditHead head) {
        return new AuditTrail(jobId, events, AuditChain.verify(events, head), null);
    }

    /**
     * This trail checked against the digests: a chain that holds in the table but not against a digest covering it
     * (rewritten together with its anchored head), or digests that do not chain or verify, make it invalid.
     */
    public AuditTrail withDigests(AuditDigests.JobCheck check, Long latestDigest, List<String> digestProblems) {
        DigestCoverage coverage = new DigestCoverage(check.covering(), check.latest(), latestDigest, digestProblems.isEmpty(), digestProblems);
        ChainVerification v = verification;
        if (v.valid() && !check.valid()) {
            v = ChainVerification.broken(events.size(), check.at(), check.problem(), check.expected(), check.found(), v.anchoredHead());
        } else if (v.valid() && !digestProblems.isEmpty()) {
            v = ChainVerification.broken(events.size(), null, "the audit digests do not verify: " + digestProblems.getFirst(),
                    "a signed, unbroken chain of digests", digestProblems.getFirst(), v.anchoredHead());
        }
        return new AuditTrail(jobId, events, v, coverage);
    }
}
