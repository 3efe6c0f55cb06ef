package dev.tandem.functions.http;

import dev.tandem.contracts.infra.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/** The HMAC-SHA-256 behind the API's page cursors: a KMS HMAC key in AWS, a local key file on the local stack. */
public interface CursorMac {

    byte[] mac(byte[] data);

    boolean verify(byte[] data, byte[] mac);

    /**
     * A KMS key id or ARN ({@code tandem.api.cursor-key}) uses KMS GenerateMac and VerifyMac, so the key never
     * leaves KMS; {@code local-key:<directory>} uses the 256-bit key kept in that directory (created on first use).
     */
    static CursorMac of(String key, Supplier<KmsClient> kms) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("no page cursor key is configured: set " + ConfigKey.API_CURSOR_KEY.environmentVariable());
        }
        String local = ConfigKey.LOCAL_KEY_PREFIX;
        return key.startsWith(local) ? Local.inDirectory(Path.of(key.substring(local.length()))) : new Kms(kms.get(), key);
    }

    /** KMS GenerateMac / VerifyMac with an HMAC_256 key. */
    record Kms(KmsClient kms, String keyId) implements CursorMac {
        @Override
        public byte[] mac(byte[] data) {
            return kms.generateMac(b -> b.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(SdkBytes.fromByteArray(data)))
                    .mac().asByteArray();
        }

        @Override
        public boolean verify(byte[] data, byte[] mac) {
            try {
                return kms.verifyMac(b -> b.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .message(SdkBytes.fromByteArray(data)).mac(SdkBytes.fromByteArray(mac))).macValid();
            } catch (KmsInvalidMacException e) {
                return false;
            }
        }
    }

    /** A key file on this machine, for the local stack. */
    record Local(byte[] key) implements CursorMac {
        static final String FILE = "cursor-hmac-sha256.key";

        static Local inDirectory(Path directory) {
            try {
                Path file = directory.resolve(FILE);
                if (!Files.exists(file)) {
                    Files.createDirectories(directory);
                    byte[] key = new byte[32];
                    new SecureRandom().nextBytes(key);
                    Path temp = Files.createTempFile(directory, FILE, ".tmp");
                    Files.write(temp, key);
                    try {
                        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: the directory's own permissions protect it
                    }
                    try {
                        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        Files.deleteIfExists(temp); // another function created it first: use theirs
                    }
                }
                return new Local(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the local cursor key in " + directory, e);
            }
        }

        @Override
        public byte[] mac(byte[] data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }

        @Override
        public boolean verify(byte[] data, byte[] mac) {
            return MessageDigest.isEqual(mac(data), mac);
        }
    }
}
