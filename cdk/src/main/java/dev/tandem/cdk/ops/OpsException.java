package dev.tandem.cdk.ops;

/** An operation that cannot proceed; the message says what is wrong and what to do. */
public final class OpsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
