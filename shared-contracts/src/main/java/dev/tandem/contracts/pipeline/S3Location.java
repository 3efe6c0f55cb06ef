package dev.tandem.contracts.pipeline;

import java.util.Objects;

/** An object in S3, as claim checks name it: {@code s3://<bucket>/<key>}. */
public record S3Location(String bucket, String key) {

    private static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /** Parses {@code s3://bucket/key}; anything else (no scheme, no key) is an IllegalArgumentException. */
    public static S3Location of(String uri) {
        int slash = uri.startsWith(SCHEME) ? uri.indexOf('/', SCHEME.length()) : -1;
        if (slash < 0 || slash == uri.length() - 1) {
            throw new IllegalArgumentException("not an s3:// object uri: " + uri);
        }
        return new S3Location(uri.substring(SCHEME.length(), slash), uri.substring(slash + 1));
    }

    public String uri() {
        return SCHEME + bucket + "/" + key;
    }
}
