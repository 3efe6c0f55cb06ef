package dev.tandem.functions.jobs;

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
