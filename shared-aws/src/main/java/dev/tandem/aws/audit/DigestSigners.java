package dev.tandem.aws.audit;

import dev.tandem.contracts.infra.ConfigKey;
import java.nio.file.Path;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;

/** The digest signer a configuration names ({@code tandem.audit.digest-key}). */
public final class DigestSigners {

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
        String local = ConfigKey.LOCAL_KEY_PREFIX;
        return key.startsWith(local) ? LocalDigestSigner.inDirectory(Path.of(key.substring(local.length())))
                : new KmsDigestSigner(kms.get(), key);
    }
}
