package dev.tandem.contracts.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a job's append-only, hash-chained audit trail.
 *
 * @param sequence     1 for the first event of a job, then gap-free
 * @param time         when it happened, millisecond precision
 * @param actor        who caused it: {@code agent:<task>}, {@code reviewer:<sub>}, {@code function:<name>}
 * @param type         what happened, e.g. {@code POLICY_DECIDED}, {@code REVIEW_APPROVED}, {@code KILL_SWITCH}
 * @param details      string-valued facts about the event; never document text
 * @param previousHash {@link AuditChain#GENESIS} for the first event, else the previous event's hash
 * @param hash         SHA-256 over the canonical encoding of every other field (see {@link AuditChain})
 */
public record AuditEvent(
        String jobId,
        long sequence,
        Instant time,
        String actor,
        String type,
        Map<String, String> details,
        String previousHash,
        String hash) {

    public AuditEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        if (sequence < 1) {
            throw new IllegalArgumentException("audit sequence starts at 1, was " + sequence);
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
