package dev.tandem.contracts.audit;

import java.util.List;
import java.util.Objects;

/** Body of {@code GET /v1/jobs/{jobId}/audit}: the events in sequence order and the chain check. */
public record AuditTrail(String jobId, List<AuditEvent> events, ChainVerification verification) {
    public AuditTrail {
        Objects.requireNonNull(jobId, "jobId");
        events = List.copyOf(events);
        Objects.requireNonNull(verification, "verification");
    }

    /** The events verified against the head the job record anchors (null when it anchors none). */
    public static AuditTrail of(String jobId, List<AuditEvent> events, AuditHead head) {
        return new AuditTrail(jobId, events, AuditChain.verify(events, head));
    }
}
