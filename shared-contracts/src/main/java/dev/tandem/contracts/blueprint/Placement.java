package dev.tandem.contracts.blueprint;

/** Where a step runs. */
public enum Placement {
    /** A Lambda function invoked by the state machine. */
    FUNCTION,
    /** The containerized agent service on ECS Fargate, reached through SQS with a task token. */
    AGENT,
    /** The workflow engine itself (Choice states): nothing to place. */
    WORKFLOW
}
