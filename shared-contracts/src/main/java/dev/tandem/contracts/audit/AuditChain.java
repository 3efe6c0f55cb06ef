package dev.tandem.contracts.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.contracts.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The audit chain format, shared by the agent that writes events and the API that verifies them.
 *
 * <p>An event's hash is the lowercase hex SHA-256 of the UTF-8 bytes of its <em>canonical
 * encoding</em>: a JSON object, no whitespace, keys in lexicographic order, holding {@code actor},
 * {@code details} (an object of strings, keys sorted), {@code jobId}, {@code previousHash},
 * {@code sequence} (an integer), {@code time} (ISO-8601 UTC, millisecond precision) and
 * {@code type}, serialized by RFC 8785 (JSON Canonicalization Scheme), so any language's JCS library
 * recomputes it.
 *
 * <p>Chains written before the encoding followed RFC 8785 to the letter keep verifying: their encoding
 * (Jackson's) differs only in escaping control characters with upper-case hex digits (JCS writes them in
 * lower case), and {@link #verify} accepts an event whose hash matches either form.
 */
public final class AuditChain {

    /** previousHash of a job's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = new ObjectMapper();

    private AuditChain() {
    }

    /** Builds the event that follows {@code previous} (null for a job's first event), hash included. */
    public static AuditEvent next(AuditEvent previous, String jobId, Instant time, String actor, String type,
                                  Map<String, String> details) {
        long sequence = previous == null ? 1 : previous.sequence() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        Instant millis = time.truncatedTo(ChronoUnit.MILLIS);
        String hash = hash(jobId, sequence, millis, actor, type, details, previousHash);
        return new AuditEvent(jobId, sequence, millis, actor, type, details, previousHash, hash);
    }

    /** The hash the event should carry, computed from its other fields. */
    public static String hashOf(AuditEvent e) {
        return hash(e.jobId(), e.sequence(), e.time(), e.actor(), e.type(), e.details(), e.previousHash());
    }

    /** The canonical encoding the hash is computed over (exposed for documentation and tests). */
    public static String canonical(AuditEvent e) {
        return canonical(e.jobId(), e.sequence(), e.time(), e.actor(), e.type(), e.details(), e.previousHash());
    }

    /** Verifies a job's events without an anchored head (its tail cannot be checked); see {@link #verify(List, AuditHead)}. */
    public static ChainVerification verify(List<AuditEvent> events) {
        return verify(events, null);
    }

    /**
     * Verifies a job's events in stored order against the head the job record anchors. Detects an altered event (its
     * hash no longer matches), a deleted or inserted event (a gap in the sequence, or a previousHash that does not
     * link), reordering (sequence out of order), and, against the head, deleted last events (or all of them), events
     * added past the head, and a rewritten chain whose last hash is not the anchored one. Reports the first broken
     * position with what a sound chain has there and what was found.
     *
     * @param head where the job record says the chain ends; null when it anchors none
     */
    public static ChainVerification verify(List<AuditEvent> events, AuditHead head) {
        String expectedPrevious = GENESIS;
        String jobId = events.isEmpty() ? null : events.getFirst().jobId();
        int count = events.size();
        for (int i = 0; i < count; i++) {
            AuditEvent e = events.get(i);
            long position = i + 1L;
            if (!e.jobId().equals(jobId)) {
                return ChainVerification.broken(count, position, "event belongs to another job", "job " + jobId, "job " + e.jobId(), head);
            }
            if (e.sequence() != position) {
                return ChainVerification.broken(count, position, "sequence out of place (event missing, inserted or reordered)",
                        "sequence " + position, "sequence " + e.sequence(), head);
            }
            if (!e.previousHash().equals(expectedPrevious)) {
                return ChainVerification.broken(count, position, "previousHash does not match the hash of event " + (position - 1),
                        "previousHash " + expectedPrevious, "previousHash " + e.previousHash(), head);
            }
            if (!hashOf(e).equals(e.hash()) && !legacyHashOf(e).equals(e.hash())) {
                return ChainVerification.broken(count, position, "event content does not match its hash (altered)",
                        "hash " + hashOf(e), "hash " + e.hash(), head);
            }
            expectedPrevious = e.hash();
        }
        if (head == null) {
            return ChainVerification.ok(count, null);
        }
        String end = count == 0 ? "no events" : "the chain ends at " + AuditHead.of(events.getLast());
        if (count < head.sequence()) {
            return ChainVerification.broken(count, count + 1L, "events " + (count + 1) + " to " + head.sequence()
                    + " are missing: the job record anchors the chain's head at sequence " + head.sequence(), "head at " + head, end, head);
        }
        if (count > head.sequence()) {
            return ChainVerification.broken(count, head.sequence() + 1, "events " + (head.sequence() + 1) + " to " + count
                    + " were added past the anchored head without advancing it", "head at " + head, end, head);
        }
        if (!events.getLast().hash().equals(head.hash())) {
            return ChainVerification.broken(count, head.sequence(), "the last event is not the anchored head (the chain was rewritten)",
                    "head at " + head, end, head);
        }
        return ChainVerification.ok(count, head);
    }

    private static String hash(String jobId, long sequence, Instant time, String actor, String type,
                               Map<String, String> details, String previousHash) {
        String canonical = canonical(jobId, sequence, time, actor, type, details, previousHash);
        return Digests.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash under the first encoding (Jackson's escaping), for events written before RFC 8785 was followed exactly. */
    private static String legacyHashOf(AuditEvent e) {
        String legacy = jackson(e.jobId(), e.sequence(), e.time(), e.actor(), e.type(), e.details(), e.previousHash());
        return Digests.sha256Hex(legacy.getBytes(StandardCharsets.UTF_8));
    }

    private static String canonical(String jobId, long sequence, Instant time, String actor, String type,
                                    Map<String, String> details, String previousHash) {
        try {
            return new JsonCanonicalizer(jackson(jobId, sequence, time, actor, type, details, previousHash)).getEncodedString();
        } catch (IOException e) {
            throw new IllegalStateException("strings and numbers always canonicalize", e);
        }
    }

    private static String jackson(String jobId, long sequence, Instant time, String actor, String type,
                                  Map<String, String> details, String previousHash) {
        // Keys inserted in lexicographic order; a LinkedHashMap keeps that order when written.
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("actor", actor);
        fields.put("details", new TreeMap<>(details == null ? Map.of() : details));
        fields.put("jobId", jobId);
        fields.put("previousHash", previousHash);
        fields.put("sequence", sequence);
        fields.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        fields.put("type", type);
        try {
            return CANONICAL.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and numbers always serialize", e);
        }
    }
}
