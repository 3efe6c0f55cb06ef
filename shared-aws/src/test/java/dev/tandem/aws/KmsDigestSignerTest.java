package dev.tandem.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.aws.audit.DigestSigner;
import dev.tandem.aws.audit.KmsDigestSigner;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.json.Json;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The KMS signer against a wire-level stand-in for KMS (Sign and GetPublicKey over KMS's JSON protocol), which signs
 * as KMS does for {@code MessageType.DIGEST} with {@code RSASSA_PSS_SHA_256}: EMSA-PSS over the given SHA-256 (RFC 8017,
 * MGF1 with SHA-256, a 32-byte salt) and the raw RSA operation. What it proves: the signer sends KMS the digest of the
 * signed content with the right type and algorithm, and a signature made that way verifies with the key's public key.
 */
class KmsDigestSignerTest {

    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final KeyPair keys = keys();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private HttpServer kms;

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        kms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kms.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
            ((ObjectNode) request).put("target", target);
            requests.add(request);
            ObjectNode response = Json.mapper().createObjectNode().put("KeyId", KEY_ARN);
            if ("TrentService.Sign".equals(target)) {
                byte[] digest = Base64.getDecoder().decode(request.path("Message").asText());
                response.put("Signature", Base64.getEncoder().encodeToString(signDigest(digest)))
                        .put("SigningAlgorithm", request.path("SigningAlgorithm").asText());
            } else {
                response.put("PublicKey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
                        .put("KeySpec", "RSA_3072").put("KeyUsage", "SIGN_VERIFY");
            }
            byte[] body = Json.write(response).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        kms.start();
    }

    @AfterEach
    void stop() {
        kms.stop(0);
    }

    @Test
    void kmsSignsTheDigestOfTheSignedContent_andTheSignatureVerifiesWithThePublicKey() {
        KmsClient client = KmsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + kms.getAddress().getPort()))
                .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        KmsDigestSigner signer = new KmsDigestSigner(client, "alias/tandem-dev-audit-digests");
        AuditDigest digest = AuditDigest.next(null, Instant.parse("2026-12-01T10:00:00Z"), List.of(new AuditDigest.JobHead("job-1", 3, "ab")));

        AuditDigest.Signature signature = signer.sign(digest.signedContent());

        JsonNode sign = requests.getFirst();
        assertThat(sign.path("target").asText()).isEqualTo("TrentService.Sign");
        assertThat(sign.path("KeyId").asText()).isEqualTo("alias/tandem-dev-audit-digests");
        assertThat(sign.path("MessageType").asText()).isEqualTo("DIGEST");
        assertThat(sign.path("SigningAlgorithm").asText()).isEqualTo("RSASSA_PSS_SHA_256");
        assertThat(Base64.getDecoder().decode(sign.path("Message").asText())).isEqualTo(Digests.newSha256().digest(digest.signedContent()));
        assertThat(signature.keyId()).as("the key's ARN, as KMS answers it").isEqualTo(KEY_ARN);
        assertThat(signature.algorithm()).isEqualTo(DigestSigner.ALGORITHM);

        assertThat(signer.check().verify(digest.signedContent(), signature)).isTrue();
        byte[] other = Arrays.copyOf(digest.signedContent(), digest.signedContent().length);
        other[other.length - 2] ^= 1;
        assertThat(signer.check().verify(other, signature)).as("another content").isFalse();
        assertThat(requests).extracting(r -> r.path("target").asText()).containsExactly("TrentService.Sign", "TrentService.GetPublicKey");
    }

    /** RSASSA-PSS over a SHA-256 digest, as KMS computes it for MessageType DIGEST (RFC 8017, 8.1.1 and 9.1.1). */
    private byte[] signDigest(byte[] mHash) {
        try {
            RSAPrivateKey key = (RSAPrivateKey) keys.getPrivate();
            int modBits = key.getModulus().bitLength();
            int emBits = modBits - 1;
            int emLen = (emBits + 7) / 8;
            int hLen = 32;
            byte[] salt = new byte[32];
            new SecureRandom().nextBytes(salt);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(new byte[8]);
            sha.update(mHash);
            byte[] h = sha.digest(salt);
            byte[] db = new byte[emLen - hLen - 1];
            db[db.length - salt.length - 1] = 0x01;
            System.arraycopy(salt, 0, db, db.length - salt.length, salt.length);
            byte[] mask = mgf1(h, db.length);
            for (int i = 0; i < db.length; i++) {
                db[i] ^= mask[i];
            }
            db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
            byte[] em = new byte[emLen];
            System.arraycopy(db, 0, em, 0, db.length);
            System.arraycopy(h, 0, em, db.length, hLen);
            em[emLen - 1] = (byte) 0xBC;
            BigInteger s = new BigInteger(1, em).modPow(key.getPrivateExponent(), key.getModulus());
            byte[] out = s.toByteArray();
            int k = (modBits + 7) / 8;
            byte[] signature = new byte[k];
            int from = Math.max(0, out.length - k);
            System.arraycopy(out, from, signature, k - (out.length - from), out.length - from);
            return signature;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] mgf1(byte[] seed, int length) throws Exception {
        byte[] out = new byte[length];
        int done = 0;
        for (int counter = 0; done < length; counter++) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed);
            sha.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            byte[] block = sha.digest();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }
}
