package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.ConfigKey;
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

    /**
     * Starts the execution named after the job. Execution names are unique per state machine for 90
     * days, so a retried submission can never start a second execution for the same job: Step
     * Functions either returns the running one (same input) or refuses, which we treat as started.
     */
    public void start(WorkflowInput input) {
        String arn = FunctionsConfig.required(config.stateMachineArn(), ConfigKey.STATE_MACHINE_ARN.environmentVariable());
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
