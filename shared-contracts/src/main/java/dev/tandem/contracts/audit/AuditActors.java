package dev.tandem.contracts.audit;

/** Who appended an audit event, in the one notation every writer uses. */
public final class AuditActors {

    /** The workflow itself (a Catch, a timeout): no function or person decided. */
    public static final String WORKFLOW = "workflow";

    private AuditActors() {
    }

    /** A Lambda function, by its logical name, e.g. {@code function:Finalize}. */
    public static String function(String name) {
        return "function:" + name;
    }

    /** A person, by the subject of their token, e.g. {@code user:8f1c...}. */
    public static String user(String subject) {
        return "user:" + subject;
    }

    /** An agent task, by its identity (the ECS task ARN in AWS), e.g. {@code agent:arn:...}. */
    public static String agent(String id) {
        return "agent:" + id;
    }
}
