package dev.tandem.contracts.audit;

import java.util.Objects;

/**
 * Where a job's audit chain ends, as the job record anchors it: every append advances it in the same transaction as
 * the event, so a chain that ends anywhere else (its last events deleted, all of them deleted, events added without
 * advancing it) no longer verifies.
 *
 * @param sequence the last event's sequence
 * @param hash     the last event's hash
 */
public record AuditHead(long sequence, String hash) {

    public AuditHead {
        Objects.requireNonNull(hash, "hash");
        if (sequence < 1) {
            throw new IllegalArgumentException("an anchored head is at sequence 1 or later, was " + sequence);
        }
    }

    public static AuditHead of(AuditEvent event) {
        return new AuditHead(event.sequence(), event.hash());
    }

    @Override
    public String toString() {
        return "sequence " + sequence + " (hash " + hash + ")";
    }
}
