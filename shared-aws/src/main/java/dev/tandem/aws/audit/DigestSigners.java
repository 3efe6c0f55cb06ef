package dev.tandem.aws.audit;

import dev.tandem.contracts.infra.ConfigKey;
import java.nio.file.Path;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;

/** The digest signer a configuration names ({@code tandem.audit.digest-key}). */
public final class DigestSigners {

    /** The prefix of a local key pair's directory, in place of a KMS key (the local stack's). */
    public static final String LOCAL_KEY = ConfigKey.LOCAL_DIGEST_KEY_PREFIX;

    private DigestSigners() {
    }

    /**
     * A KMS key id or ARN signs with KMS; {@code local-key:<directory>} with the RSA key pair kept there.
     *
     * @param kms the KMS client, asked for only when the key is a KMS key
     */
    public static DigestSigner of(String key, Supplier<KmsClient> kms) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("no audit digest key is configured (tandem.audit.digest-key)");
        }
        return key.startsWith(LOCAL_KEY) ? LocalDigestSigner.inDirectory(Path.of(key.substring(LOCAL_KEY.length())))
                : new KmsDigestSigner(kms.get(), key);
    }
}
