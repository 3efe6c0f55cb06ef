package dev.tandem.functions.jobs;

import dev.tandem.contracts.pipeline.WorkflowError;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.NamedValues;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/** Starts pipeline executions and resumes waiting ones, through the Step Functions API. */
@Singleton
public class Workflow {

    private final SfnClient sfn;
    private final FunctionsConfig config;

    public Workflow(SfnClient sfn, FunctionsConfig config) {
        this.sfn = sfn;
        this.config = config;
    }

    /** The state machine alias of a pipeline, from {@code pipeline=arn,...}; a clear error when the stage has none for it. */
    String stateMachineOf(String pipeline) {
        String spec = FunctionsConfig.required(config.stateMachineArns(), ConfigKey.STATE_MACHINE_ARNS.environmentVariable());
        String arn;
        try {
            arn = NamedValues.parse(spec).get(pipeline);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(ConfigKey.STATE_MACHINE_ARNS.environmentVariable() + ": " + e.getMessage(), e);
        }
        if (arn == null) {
            throw new IllegalStateException(ConfigKey.STATE_MACHINE_ARNS.environmentVariable() + " names no state machine for pipeline "
                    + pipeline + "; the stage was deployed without it");
        }
        return arn;
    }

    /**
     * Stops the job's execution, if it still runs: an execution started on an alias or a version keeps the state
     * machine's name in its ARN ({@code ...:execution:<state machine>:<job id>}). One that already ended, or never
     * started, is left as it is.
     */
    public void stop(String pipeline, String jobId, String cause) {
        String execution = executionOf(pipeline, jobId);
        try {
            sfn.stopExecution(b -> b.executionArn(execution).error(WorkflowError.CANCELLED.code()).cause(cause));
        } catch (software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException e) {
            // Never started (a submission that failed before StartExecution): nothing runs.
        }
    }

    /**
     * The job's execution: one started on an alias or a version keeps the state machine's name in its ARN
     * ({@code ...:execution:<state machine>:<job id>}).
     */
    String executionOf(String pipeline, String jobId) {
        String[] alias = stateMachineOf(pipeline).split(":");
        return String.join(":", alias[0], alias[1], alias[2], alias[3], alias[4], "execution", alias[6], jobId);
    }

    /** Why Step Functions refused to redrive an execution. */
    public static final class NotRedrivable extends RuntimeException {
        public NotRedrivable(String message) {
            super(message);
        }
    }

    /**
     * Redrives the job's failed execution ({@code RedriveExecution}): it resumes from the state it failed at, with the
     * results of the states that succeeded. The client token makes a retried request the same redrive.
     *
     * @throws NotRedrivable with Step Functions' reason when the execution cannot be redriven
     */
    public void redrive(String pipeline, String jobId, String clientToken) {
        String execution = executionOf(pipeline, jobId);
        try {
            sfn.redriveExecution(b -> b.executionArn(execution).clientToken(clientToken));
        } catch (software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException e) {
            throw new NotRedrivable(e.awsErrorDetails() == null ? "the execution cannot be redriven" : e.awsErrorDetails().errorMessage());
        } catch (software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException e) {
            throw new NotRedrivable("the job has no execution to redrive");
        }
    }

    /**
     * Starts the execution named after the job. Execution names are unique per state machine for 90
     * days, so a retried submission can never start a second execution for the same job: Step
     * Functions either returns the running one (same input) or refuses, which we treat as started.
     */
    public void start(WorkflowInput input) {
        String arn = stateMachineOf(input.pipeline());
        try {
            sfn.startExecution(b -> {
                b.stateMachineArn(arn).name(input.jobId()).input(Json.write(input));
                if (input.traceHeader() != null) {
                    b.traceHeader(input.traceHeader());
                }
            });
        } catch (ExecutionAlreadyExistsException e) {
            // Started by an earlier attempt of this same submission.
        }
    }
}
