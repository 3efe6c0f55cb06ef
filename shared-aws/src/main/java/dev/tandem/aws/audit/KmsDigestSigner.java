package dev.tandem.aws.audit;

import dev.tandem.contracts.Digests;
import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.audit.AuditDigests;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Signs digests with a KMS asymmetric key (RSA, SIGN_VERIFY): KMS signs the SHA-256 of the digest's signed content
 * ({@code MessageType.DIGEST}, {@code RSASSA_PSS_SHA_256}); the private key never leaves KMS, and only the digest
 * writer's role may call Sign on it. Signatures are checked with the key's public key (fetched once with
 * GetPublicKey), so verifying needs no Sign or Verify permission.
 */
public final class KmsDigestSigner implements DigestSigner {

    private final KmsClient kms;
    private final String keyId;
    private final AtomicReference<PublicKey> publicKey = new AtomicReference<>();

    public KmsDigestSigner(KmsClient kms, String keyId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public AuditDigest.Signature sign(byte[] signedContent) {
        var response = kms.sign(b -> b.keyId(keyId).messageType(MessageType.DIGEST)
                .message(SdkBytes.fromByteArray(Digests.newSha256().digest(signedContent)))
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256));
        return new AuditDigest.Signature(ALGORITHM, response.keyId(), Base64.getEncoder().encodeToString(response.signature().asByteArray()));
    }

    @Override
    public AuditDigests.SignatureCheck check() {
        return (content, signature) -> DigestSigner.verify(publicKey(), content, signature);
    }

    private PublicKey publicKey() {
        PublicKey key = publicKey.get();
        if (key == null) {
            byte[] der = kms.getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray();
            try {
                key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("KMS key " + keyId + " has no RSA public key", e);
            }
            publicKey.set(key);
        }
        return key;
    }
}
