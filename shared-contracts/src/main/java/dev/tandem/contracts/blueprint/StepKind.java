package dev.tandem.contracts.blueprint;

/** What a step is, in state machine terms. */
public enum StepKind {
    /** One invocation of a function or one agent step. */
    TASK,
    /** The same function over every item of a list (Step Functions Map), at bounded concurrency. */
    MAP,
    /** A branch on a value of the state; runs in the workflow engine itself. */
    CHOICE,
    /** A function stores a task token for a human and the workflow waits for the callback. */
    WAIT_FOR_REVIEW
}
