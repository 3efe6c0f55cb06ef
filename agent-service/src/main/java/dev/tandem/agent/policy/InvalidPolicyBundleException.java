package dev.tandem.agent.policy;

/** The policy bundle cannot be used: the agent must not start with it. The message names the policy and the error. */
public final class InvalidPolicyBundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidPolicyBundleException(String message) {
        super(message);
    }

    public InvalidPolicyBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
