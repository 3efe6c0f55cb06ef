package dev.tandem.contracts.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Verification against audit digests ({@link AuditDigest}): the digests' own chain, and a job's chain against them. */
public final class AuditDigests {

    /** Checks a digest's signature over its signed content (RSA-PSS with the writer's public key, or KMS Verify). */
    @FunctionalInterface
    public interface SignatureCheck {
        boolean verify(byte[] signedContent, AuditDigest.Signature signature);
    }

    /**
     * What the digests say of one job's chain.
     *
     * @param covering how many digests record a head for the job
     * @param latest   the latest of them (its sequence), or null when none covers the job yet
     * @param valid    true when every covering digest's head is on the chain
     * @param at       the chain sequence of the first disagreement, or null
     * @param problem  the first disagreement, or null
     * @param expected what the digest recorded there, or null
     * @param found    what the chain has there, or null
     */
    public record JobCheck(int covering, Long latest, boolean valid, Long at, String problem, String expected, String found) {
    }

    private AuditDigests() {
    }

    /**
     * Checks digests in sequence order: each is signed (by {@code signatures}), numbered one more than the one before,
     * and names the SHA-256 of its signed content. A digest that is missing, altered, reordered or unsigned is named.
     *
     * @param first whether the list starts at the stage's first digest (then its previous must be the genesis)
     * @return the problems, empty when the chain holds
     */
    public static List<String> verifyChain(List<AuditDigest> digests, boolean first, SignatureCheck signatures) {
        List<String> problems = new ArrayList<>();
        AuditDigest previous = null;
        for (AuditDigest d : digests) {
            if (d.signature() == null || !signatures.verify(d.signedContent(), d.signature())) {
                problems.add("digest " + d.sequence() + " (" + d.createdAt() + "): the signature does not verify");
            }
            if (previous == null) {
                if (first && (d.sequence() != 1 || !d.previousSha256().equals(AuditDigest.GENESIS))) {
                    problems.add("digest " + d.sequence() + ": the first digest must be sequence 1 with the genesis as previous");
                }
            } else {
                if (d.sequence() != previous.sequence() + 1) {
                    problems.add("digest " + d.sequence() + " follows digest " + previous.sequence() + ": expected sequence "
                            + (previous.sequence() + 1) + " (a digest is missing or reordered)");
                } else if (!d.previousSha256().equals(previous.sha256())) {
                    problems.add("digest " + d.sequence() + " names previous " + d.previousSha256() + " but digest " + previous.sequence()
                            + " hashes to " + previous.sha256() + " (altered)");
                }
            }
            previous = d;
        }
        return problems;
    }

    /**
     * Checks a job's events against every digest that covers the job: the event at each recorded sequence must carry
     * the recorded hash. The chain's own verification ({@link AuditChain#verify(List, AuditHead)}) is separate.
     */
    public static JobCheck checkJob(String jobId, List<AuditEvent> events, List<AuditDigest> digests) {
        int covering = 0;
        Long latest = null;
        for (AuditDigest d : digests) {
            Optional<AuditDigest.JobHead> covered = d.head(jobId);
            if (covered.isEmpty()) {
                continue;
            }
            covering++;
            latest = latest == null ? d.sequence() : Math.max(latest, d.sequence());
            AuditDigest.JobHead head = covered.get();
            AuditEvent at = events.stream().filter(e -> e.sequence() == head.sequence()).findFirst().orElse(null);
            String recorded = "hash " + head.hash() + " at sequence " + head.sequence();
            if (at == null) {
                return new JobCheck(covering, latest, false, head.sequence(), "digest " + d.sequence() + " (" + d.createdAt()
                        + ") recorded the chain's head at sequence " + head.sequence() + "; the chain has no event " + head.sequence(),
                        recorded, "no event " + head.sequence());
            }
            if (!at.hash().equals(head.hash())) {
                return new JobCheck(covering, latest, false, head.sequence(), "digest " + d.sequence() + " (" + d.createdAt()
                        + ") recorded another hash at sequence " + head.sequence() + " (rewritten)", recorded,
                        "hash " + at.hash() + " at sequence " + head.sequence());
            }
        }
        return new JobCheck(covering, latest, true, null, null, null, null);
    }
}
