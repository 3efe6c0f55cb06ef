package dev.tandem.contracts.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456Z");

    private static List<AuditEvent> chain(int length) {
        List<AuditEvent> events = new ArrayList<>();
        AuditEvent previous = null;
        for (int i = 0; i < length; i++) {
            previous = AuditChain.next(previous, "job-1", T0.plusSeconds(i), "agent:task-1", "EVENT_" + i,
                    Map.of("step", "Govern", "i", String.valueOf(i)));
            events.add(previous);
        }
        return events;
    }

    @Test
    void next_linksEventsWithGapFreeSequencesFromGenesis() {
        List<AuditEvent> events = chain(3);

        assertThat(events).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(events.getFirst().previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(events.get(1).previousHash()).isEqualTo(events.get(0).hash());
        assertThat(events.get(2).previousHash()).isEqualTo(events.get(1).hash());
        assertThat(events.getFirst().time()).isEqualTo(Instant.parse("2026-11-26T10:00:00.123Z"));
    }

    @Test
    void canonicalEncoding_isSortedCompactJsonOverEveryFieldButTheHash() {
        AuditEvent e = AuditChain.next(null, "job-1", T0, "agent:task-1", "POLICY_DECIDED", Map.of("outcome", "ALLOW", "b", "2"));

        assertThat(AuditChain.canonical(e)).isEqualTo("{\"actor\":\"agent:task-1\",\"details\":{\"b\":\"2\",\"outcome\":\"ALLOW\"},"
                + "\"jobId\":\"job-1\",\"previousHash\":\"" + AuditChain.GENESIS + "\",\"sequence\":1,"
                + "\"time\":\"2026-11-26T10:00:00.123Z\",\"type\":\"POLICY_DECIDED\"}");
        // Known-answer test: any implementation of the documented format must produce this digest.
        assertThat(e.hash()).isEqualTo(dev.tandem.contracts.Digests.sha256Hex(
                AuditChain.canonical(e).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(e.hash()).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void canonicalEncoding_escapesStringsAsRfc8785Says() {
        // RFC 8785, section 3.2.2.2: the string euro, $, U+000F, line feed, A, ', B, ", backslash, backslash, ", /
        // is written with lower-case hex for a control without a short form, \n for the line feed, / unescaped.
        String value = "\u20ac$" + (char) 0x0F + "\nA'B\"\\\\\"/";
        AuditEvent e = AuditChain.next(null, "job-1", T0, "agent:task-1", "T", Map.of("k", value));

        assertThat(AuditChain.canonical(e)).contains("\"details\":{\"k\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        String controls = "a" + (char) 0x1F + "b" + (char) 0 + "c\td";
        AuditEvent unit = AuditChain.next(null, "job-1", T0, "agent:task-1", "T", Map.of("k", controls));
        assertThat(AuditChain.canonical(unit)).contains("\"k\":\"a\\u001fb\\u0000c\\td\"");
    }

    @Test
    void verify_acceptsEventsHashedWithTheFirstEncoding_soOldChainsKeepVerifying() throws Exception {
        // An event written before the encoding followed RFC 8785 exactly: Jackson wrote the escape in upper case.
        AuditEvent current = AuditChain.next(null, "job-1", T0, "agent:task-1", "T", Map.of("k", "a" + (char) 0x1F + "b"));
        String legacyCanonical = AuditChain.canonical(current).replace("\\u001f", "\\u001F");
        String legacyHash = dev.tandem.contracts.Digests.sha256Hex(legacyCanonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AuditEvent legacy = new AuditEvent(current.jobId(), 1, current.time(), current.actor(), current.type(), current.details(),
                current.previousHash(), legacyHash);

        assertThat(legacyHash).isNotEqualTo(current.hash());
        assertThat(AuditChain.verify(List.of(legacy)).valid()).isTrue();
        AuditEvent forged = new AuditEvent(legacy.jobId(), 1, legacy.time(), legacy.actor(), legacy.type(), Map.of("k", "other"),
                legacy.previousHash(), legacyHash);
        assertThat(AuditChain.verify(List.of(forged)).valid()).isFalse();
    }

    @Test
    void verify_intactChain_isValid() {
        ChainVerification result = AuditChain.verify(chain(5));

        assertThat(result).isEqualTo(new ChainVerification(true, 5, null, null, null, null, null));
    }

    @Test
    void verify_emptyChain_isValid() {
        assertThat(AuditChain.verify(List.of()).valid()).isTrue();
    }

    @Test
    void verify_alteredDetails_isDetectedAtThatEvent() {
        List<AuditEvent> events = new ArrayList<>(chain(5));
        AuditEvent e = events.get(2);
        events.set(2, new AuditEvent(e.jobId(), e.sequence(), e.time(), e.actor(), e.type(),
                Map.of("step", "Govern", "i", "tampered"), e.previousHash(), e.hash()));

        ChainVerification result = AuditChain.verify(events);

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(3L);
        assertThat(result.problem()).contains("altered");
    }

    @Test
    void verify_alteredEventWithRecomputedHash_isDetectedAtTheNextLink() {
        List<AuditEvent> events = new ArrayList<>(chain(5));
        AuditEvent e = events.get(2);
        AuditEvent forged = new AuditEvent(e.jobId(), e.sequence(), e.time(), "reviewer:mallory", e.type(),
                e.details(), e.previousHash(), "0".repeat(64));
        events.set(2, new AuditEvent(forged.jobId(), forged.sequence(), forged.time(), forged.actor(), forged.type(),
                forged.details(), forged.previousHash(), AuditChain.hashOf(forged)));

        ChainVerification result = AuditChain.verify(events);

        assertThat(result.firstBrokenSequence()).isEqualTo(4L);
        assertThat(result.problem()).contains("previousHash");
    }

    @Test
    void verify_deletedEvent_isDetected() {
        List<AuditEvent> events = new ArrayList<>(chain(5));
        events.remove(1);

        ChainVerification result = AuditChain.verify(events);

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(2L);
    }

    @Test
    void verify_deletedLastEvent_cannotBeSeenFromTheChainAlone() {
        // Truncation at the tail leaves a valid prefix: only the anchored head shows it.
        assertThat(AuditChain.verify(chain(5).subList(0, 4)).valid()).isTrue();
    }

    @Test
    void verify_againstTheAnchoredHead_intactChain_isValid() {
        List<AuditEvent> events = chain(5);

        ChainVerification result = AuditChain.verify(events, AuditHead.of(events.getLast()));

        assertThat(result.valid()).isTrue();
        assertThat(result.anchoredHead().sequence()).isEqualTo(5);
    }

    @Test
    void verify_againstTheAnchoredHead_deletedLastEvents_areNamed() {
        List<AuditEvent> events = chain(5);

        ChainVerification result = AuditChain.verify(events.subList(0, 3), AuditHead.of(events.getLast()));

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(4L);
        assertThat(result.problem()).startsWith("events 4 to 5 are missing");
        assertThat(result.expected()).isEqualTo("head at sequence 5 (hash " + events.getLast().hash() + ")");
        assertThat(result.found()).isEqualTo("the chain ends at sequence 3 (hash " + events.get(2).hash() + ")");
    }

    @Test
    void verify_againstTheAnchoredHead_everyEventDeleted_isDetected() {
        List<AuditEvent> events = chain(3);

        ChainVerification result = AuditChain.verify(List.of(), AuditHead.of(events.getLast()));

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(1L);
        assertThat(result.found()).isEqualTo("no events");
    }

    @Test
    void verify_againstTheAnchoredHead_eventsAddedPastIt_orARewrittenChain_areDetected() {
        List<AuditEvent> events = chain(5);
        AuditHead atFour = AuditHead.of(events.get(3));
        assertThat(AuditChain.verify(events, atFour).problem()).isEqualTo("events 5 to 5 were added past the anchored head without advancing it");

        // The whole chain rewritten with recomputed hashes: every link holds, the last hash is not the anchored one.
        List<AuditEvent> rewritten = new ArrayList<>();
        AuditEvent previous = null;
        for (AuditEvent e : events) {
            previous = AuditChain.next(previous, e.jobId(), e.time(), e.actor().equals("agent:task-1") ? "agent:forged" : e.actor(), e.type(), e.details());
            rewritten.add(previous);
        }
        ChainVerification result = AuditChain.verify(rewritten, AuditHead.of(events.getLast()));
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(5L);
        assertThat(result.problem()).contains("rewritten");
    }

    @Test
    void verify_reorderedEvents_isDetected() {
        List<AuditEvent> events = new ArrayList<>(chain(5));
        AuditEvent third = events.get(2);
        events.set(2, events.get(3));
        events.set(3, third);

        ChainVerification result = AuditChain.verify(events);

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(3L);
        assertThat(result.problem()).contains("sequence out of place");
        assertThat(result.expected()).isEqualTo("sequence 3");
        assertThat(result.found()).isEqualTo("sequence 4");
    }

    @Test
    void verify_eventOfAnotherJob_isDetected() {
        List<AuditEvent> events = new ArrayList<>(chain(2));
        AuditEvent other = AuditChain.next(events.get(1), "job-2", T0, "agent:task-1", "X", Map.of());
        events.add(other);

        assertThat(AuditChain.verify(events).found()).isEqualTo("job job-2");
    }
}
