package dev.tandem.contracts.infra;

import java.util.List;

/**
 * The events Step Functions itself publishes on the account's default EventBridge bus when an execution of a Standard
 * state machine changes status, declared once: the CDK app routes a pipeline's failed executions to its error handler,
 * the error handler reads them, and the local stack's Step Functions endpoint publishes the same events.
 *
 * <p>Why an event and not a Catch: a workflow that catches its errors into a handler and then a {@code Fail} state
 * fails at that {@code Fail} state, and {@code RedriveExecution} restarts an execution from the state it failed at, so
 * such a job could never be redriven from the step that failed. The state machine therefore fails at the failing step
 * and the error handler runs on this event.
 */
public final class ExecutionEvents {

    /** The source of the events Step Functions publishes. */
    public static final String SOURCE = "aws.states";
    /** The detail type of an execution's status change. */
    public static final String STATUS_CHANGE = "Step Functions Execution Status Change";
    /** The statuses that end an execution unsuccessfully: what the error handler is invoked for. */
    public static final List<String> UNSUCCESSFUL = List.of("FAILED", "TIMED_OUT", "ABORTED");
    /** Every status that ends an execution: what the job's KPIs are measured on. */
    public static final List<String> ENDED = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    /** The parts of a status-change event the functions read (others are ignored). */
    public record StatusChange(Detail detail) {
        public StatusChange {
            java.util.Objects.requireNonNull(detail, "detail");
        }

        /**
         * The event's detail.
         *
         * @param name     the execution's name: the job id
         * @param stopDate when it ended (epoch milliseconds); null while it runs
         */
        public record Detail(String executionArn, String name, String status, String error, String cause, Long stopDate) {
            public Detail {
                java.util.Objects.requireNonNull(name, "name");
                java.util.Objects.requireNonNull(status, "status");
            }
        }
    }

    private ExecutionEvents() {
    }
}
