package dev.tandem.aws.audit;

import dev.tandem.contracts.Digests;
import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.audit.AuditDigests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The local stack's digest signer: an RSA key pair kept in two files (the private key in PKCS#8, the public key in
 * X.509 SubjectPublicKeyInfo, both DER), created on first use. The key id is {@code local:} and the first 16 hex
 * digits of the public key's SHA-256. It stands in for the KMS key; the digests it signs have the same format.
 */
public final class LocalDigestSigner implements DigestSigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private LocalDigestSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = "local:" + Digests.sha256Hex(publicKey.getEncoded()).substring(0, 16);
    }

    /** The key pair in {@code directory} ({@code digest-signing.key}, {@code digest-signing.pub}), created when absent. */
    public static LocalDigestSigner inDirectory(Path directory) {
        Path privateFile = directory.resolve("digest-signing.key");
        Path publicFile = directory.resolve("digest-signing.pub");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                Files.createDirectories(directory);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(3072);
                KeyPair pair = generator.generateKeyPair();
                Files.write(privateFile, pair.getPrivate().getEncoded());
                Files.write(publicFile, pair.getPublic().getEncoded());
            }
            return new LocalDigestSigner(rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))),
                    rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local digest signing key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the local digest signing key in " + directory + " is not an RSA key pair", e);
        }
    }

    public String keyId() {
        return keyId;
    }

    @Override
    public AuditDigest.Signature sign(byte[] signedContent) {
        try {
            Signature signer = DigestSigner.pss();
            signer.initSign(privateKey);
            signer.update(signedContent);
            return new AuditDigest.Signature(ALGORITHM, keyId, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the local digest key", e);
        }
    }

    @Override
    public AuditDigests.SignatureCheck check() {
        return (content, signature) -> keyId.equals(signature.keyId()) && DigestSigner.verify(publicKey, content, signature);
    }
}
