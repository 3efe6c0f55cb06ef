package dev.tandem.aws.audit;

import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.audit.AuditDigests;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

/**
 * Signs audit digests, and checks their signatures. In AWS the key is a KMS asymmetric key (RSA, signing) whose Sign
 * permission only the digest writer's role has ({@link KmsDigestSigner}); on the local stack it is a local RSA key
 * ({@link LocalDigestSigner}). Both sign with RSASSA-PSS over SHA-256 (KMS's {@code RSASSA_PSS_SHA_256}: MGF1 with
 * SHA-256, a 32-byte salt), so a signature checks the same way with the public key wherever it was made.
 */
public interface DigestSigner {

    /** KMS's name for the scheme both signers use. */
    String ALGORITHM = "RSASSA_PSS_SHA_256";

    /** Signs a digest's signed content. */
    AuditDigest.Signature sign(byte[] signedContent);

    /** Checks signatures made with this signer's key (and refuses those naming another key). */
    AuditDigests.SignatureCheck check();

    /** RSASSA-PSS with SHA-256, as KMS's RSASSA_PSS_SHA_256 defines it. */
    static Signature pss() throws GeneralSecurityException {
        Signature signature = Signature.getInstance("RSASSA-PSS");
        signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        return signature;
    }

    /** Whether {@code signature} is this public key's RSASSA-PSS signature of {@code content}. */
    static boolean verify(PublicKey key, byte[] content, AuditDigest.Signature signature) {
        if (!ALGORITHM.equals(signature.algorithm())) {
            return false;
        }
        try {
            Signature verifier = pss();
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(Base64.getDecoder().decode(signature.value()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
