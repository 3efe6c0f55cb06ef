package dev.tandem.contracts.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditDigestsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final KeyPair KEYS = keys();

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Signature pss() throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        return s;
    }

    private static AuditDigest sign(AuditDigest d) {
        try {
            Signature s = pss();
            s.initSign(KEYS.getPrivate());
            s.update(d.signedContent());
            return d.signed(new AuditDigest.Signature("RSASSA_PSS_SHA_256", "local:test", Base64.getEncoder().encodeToString(s.sign())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final AuditDigests.SignatureCheck CHECK = (content, signature) -> {
        try {
            Signature s = pss();
            s.initVerify(KEYS.getPublic());
            s.update(content);
            return s.verify(Base64.getDecoder().decode(signature.value()));
        } catch (Exception e) {
            return false;
        }
    };

    private static List<AuditEvent> chain(String jobId, int length) {
        List<AuditEvent> events = new ArrayList<>();
        AuditEvent previous = null;
        for (int i = 0; i < length; i++) {
            previous = AuditChain.next(previous, jobId, T0.plusSeconds(i), "agent:test", "EVENT_" + i, Map.of());
            events.add(previous);
        }
        return events;
    }

    private static List<AuditDigest> digests(int count) {
        List<AuditDigest> out = new ArrayList<>();
        AuditDigest previous = null;
        for (int i = 0; i < count; i++) {
            previous = sign(AuditDigest.next(previous, T0.plusSeconds(60L * i), List.of(new AuditDigest.JobHead("job-" + i, 1, "ab"))));
            out.add(previous);
        }
        return out;
    }

    @Test
    void aSignedChainOfDigests_verifies_andSurvivesAJsonRoundTrip() {
        List<AuditDigest> chain = digests(3).stream().map(d -> Json.read(Json.write(d), AuditDigest.class)).toList();

        assertThat(AuditDigests.verifyChain(chain, true, CHECK)).isEmpty();
        assertThat(new String(chain.getFirst().signedContent(), StandardCharsets.UTF_8))
                .isEqualTo("{\"createdAt\":\"2026-12-01T10:00:00Z\",\"heads\":[{\"hash\":\"ab\",\"jobId\":\"job-0\",\"sequence\":1}],"
                        + "\"previousSha256\":\"" + "0".repeat(64) + "\",\"sequence\":1,\"version\":1}");
    }

    @Test
    void aMissingAlteredOrUnsignedDigest_isNamed() {
        List<AuditDigest> chain = digests(4);

        assertThat(AuditDigests.verifyChain(List.of(chain.get(0), chain.get(2), chain.get(3)), true, CHECK))
                .containsExactly("digest 3 follows digest 1: expected sequence 2 (a digest is missing or reordered)");
        AuditDigest altered = new AuditDigest(1, 2, chain.get(1).createdAt(), chain.get(1).previousSha256(),
                List.of(new AuditDigest.JobHead("job-1", 1, "cd")), chain.get(1).signature());
        assertThat(AuditDigests.verifyChain(List.of(chain.get(0), altered, chain.get(2)), true, CHECK))
                .containsExactly("digest 2 (2026-12-01T10:01:00Z): the signature does not verify",
                        "digest 3 names previous " + chain.get(1).sha256() + " but digest 2 hashes to " + altered.sha256() + " (altered)");
        assertThat(AuditDigests.verifyChain(List.of(AuditDigest.next(null, T0, List.of())), true, CHECK))
                .containsExactly("digest 1 (2026-12-01T10:00:00Z): the signature does not verify");
    }

    @Test
    void aJobsChain_mustHoldEveryHeadItsDigestsRecorded() {
        List<AuditEvent> events = chain("job-1", 4);
        AuditDigest first = sign(AuditDigest.next(null, T0, List.of(new AuditDigest.JobHead("job-1", 2, events.get(1).hash()))));
        AuditDigest second = sign(AuditDigest.next(first, T0.plusSeconds(60), List.of(new AuditDigest.JobHead("job-1", 4, events.get(3).hash()))));

        assertThat(AuditDigests.checkJob("job-1", events, List.of(first, second)))
                .isEqualTo(new AuditDigests.JobCheck(2, 2L, true, null, null, null, null));
        assertThat(AuditDigests.checkJob("job-2", events, List.of(first, second)))
                .isEqualTo(new AuditDigests.JobCheck(0, null, true, null, null, null, null));

        // The tail deleted together with the anchored head: the digest still knows where the chain ended.
        AuditDigests.JobCheck truncated = AuditDigests.checkJob("job-1", events.subList(0, 3), List.of(first, second));
        assertThat(truncated.valid()).isFalse();
        assertThat(truncated.problem()).contains("recorded the chain's head at sequence 4").contains("the chain has no event 4");
        assertThat(truncated.at()).isEqualTo(4L);

        // The whole chain rewritten with recomputed hashes (and its head): the recorded hashes are not on it.
        List<AuditEvent> rewritten = new ArrayList<>();
        AuditEvent previous = null;
        for (AuditEvent e : events) {
            previous = AuditChain.next(previous, e.jobId(), e.time(), "agent:forged", e.type(), e.details());
            rewritten.add(previous);
        }
        AuditDigests.JobCheck forged = AuditDigests.checkJob("job-1", rewritten, List.of(first, second));
        assertThat(forged.valid()).isFalse();
        assertThat(forged.problem()).contains("digest 1").contains("(rewritten)");
        assertThat(forged.expected()).isEqualTo("hash " + events.get(1).hash() + " at sequence 2");
        assertThat(forged.found()).isEqualTo("hash " + rewritten.get(1).hash() + " at sequence 2");
    }
}
