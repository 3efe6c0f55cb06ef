package dev.tandem.agent.govern;

/**
 * A task the agent cannot govern however often it is delivered: an unreadable message, an unknown
 * job, evidence that does not match its claim check. The task fails with {@code Tandem.InvalidTask}
 * and the message ends in the dead-letter queue for an operator.
 */
public final class InvalidTaskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The token found in the message, if any, so the workflow can still be told. */
    private final String taskToken;
    private final boolean jobKnown;

    public InvalidTaskException(String message, String taskToken, boolean jobKnown) {
        super(message);
        this.taskToken = taskToken;
        this.jobKnown = jobKnown;
    }

    public String taskToken() {
        return taskToken;
    }

    public boolean jobKnown() {
        return jobKnown;
    }
}
