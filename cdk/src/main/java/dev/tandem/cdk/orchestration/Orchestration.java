package dev.tandem.cdk.orchestration;

import dev.tandem.cdk.app.Nag;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.functions.LambdaFunctions;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.infra.ExecutionEvents;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.placement.PlacementAdvisor;
import dev.tandem.contracts.placement.PricingTable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachineAlias;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachineVersion;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The pipeline's Standard state machine, its definition generated from the blueprint
 * ({@link WorkflowDefinition}), with X-Ray tracing and logs that never include execution data
 * (documents contain PII). Every deployment publishes a state machine version; the {@code live}
 * alias moves to it by a 10% canary for 5 minutes and rolls back if the executions alarm.
 */
public final class Orchestration extends Construct {

    public static final String ALIAS = "live";

    private final StateMachine stateMachine;
    private final CfnStateMachineAlias alias;
    private final CfnStateMachineVersion version;
    private final String definition;
    private final Alarm failures;
    private final Alarm timeouts;
    private final Queue failureDeadLetters;

    public Orchestration(Construct scope, String id, StageConfig stage, PipelineDefinition pipeline, LambdaFunctions functions,
                         IQueue governance) {
        super(scope, id);
        Blueprint blueprint = pipeline.blueprint();
        this.definition = WorkflowDefinition.generate(pipeline, new PlacementAdvisor(PricingTable.defaults()));
        Map<String, String> substitutions = new LinkedHashMap<>();
        for (String handler : WorkflowDefinition.functionHandlers(blueprint)) {
            substitutions.put(WorkflowDefinition.functionPlaceholder(handler), functions.alias(handler).getFunctionArn());
        }
        substitutions.put(WorkflowDefinition.QUEUE_URL, governance.getQueueUrl());
        LogGroup logs = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName("/aws/vendedlogs/states/" + stage.prefix() + "-" + blueprint.name())
                .retention(stage.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(dev.tandem.contracts.infra.Stages.stateMachineName(stage.name(), blueprint.name()))
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(definition))
                .definitionSubstitutions(substitutions)
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                // The longest path: a human review may take 24 h.
                .timeout(Duration.hours(26))
                .build();
        for (String handler : WorkflowDefinition.functionHandlers(blueprint)) {
            functions.alias(handler).grantInvoke(stateMachine);
        }
        governance.grantSendMessages(stateMachine);
        this.failureDeadLetters = routeFailures(blueprint, functions);
        Nag.suppressWildcard(stateMachine.getRole(), "Log delivery and X-Ray APIs have no resource-level permissions (CDK adds them for logging and tracing).",
                "Resource::*");
        Nag.suppressWildcard(stateMachine.getRole(), "Invoke on the live alias ARN (function:alias) of each step function.",
                "Resource::<*Functions*.Arn>:*", "Resource::<*Functions*>:*");
        Nag.suppressWildcard(stateMachine.getRole(), "CDK's KMS grant for sending to the encrypted queue (GenerateDataKey variants) on the data key only.",
                "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*");

        // A new version whenever the definition or its substitutions change.
        this.version = CfnStateMachineVersion.Builder.create(this, "Version")
                .stateMachineArn(stateMachine.getStateMachineArn())
                .stateMachineRevisionId(stateMachine.getStateMachineRevisionId())
                .description(blueprint.name() + " " + blueprint.version() + " definition "
                        + Digests.sha256Hex(definition.getBytes(StandardCharsets.UTF_8)).substring(0, 12))
                .build();
        this.failures = Alarm.Builder.create(this, "ExecutionsFailed")
                .alarmName(stage.prefix() + "-" + blueprint.name() + "-executions-failed")
                .alarmDescription("Executions of " + blueprint.name() + " failed (rolls back a canary of the state machine)")
                .metric(stateMachine.metricFailed(MetricOptions.builder().period(Duration.minutes(1)).build()))
                .threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        this.timeouts = Alarm.Builder.create(this, "ExecutionsTimedOut")
                .alarmName(stage.prefix() + "-" + blueprint.name() + "-executions-timed-out")
                .alarmDescription("Executions of " + blueprint.name() + " timed out")
                .metric(stateMachine.metricTimedOut(MetricOptions.builder().period(Duration.minutes(5)).build()))
                .threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        this.alias = CfnStateMachineAlias.Builder.create(this, "LiveAlias")
                .name(ALIAS)
                .description("What clients start; moves to each new version by canary")
                .deploymentPreference(CfnStateMachineAlias.DeploymentPreferenceProperty.builder()
                        .stateMachineVersionArn(version.getAttrArn())
                        .type("CANARY").percentage(10).interval(5)
                        .alarms(List.of(failures.getAlarmName(), timeouts.getAlarmName()))
                        .build())
                .build();
    }

    /**
     * The pipeline's error handler runs on Step Functions' own event for each execution that ends FAILED, TIMED_OUT or
     * ABORTED ({@link ExecutionEvents}), not from a Catch inside the workflow: so the execution fails at the state that
     * failed, and {@code RedriveExecution} resumes it there. EventBridge retries the handler for up to a day; what it
     * cannot deliver goes to a dead-letter queue (alarmed).
     */
    private Queue routeFailures(Blueprint blueprint, LambdaFunctions functions) {
        String handler = blueprint.errorHandler().handler();
        Queue deadLetters = ExecutionStatusRules.route(this, "ExecutionFailures", "FailureEventsDeadLetters",
                "Failed, timed-out and aborted executions of " + blueprint.name() + " reach its error handler (" + handler + ")",
                ExecutionEvents.UNSUCCESSFUL, List.of(stateMachine.getStateMachineArn()), functions.alias(handler));
        grantHistory(functions.functions().get(handler).getRole());
        return deadLetters;
    }

    /** StartExecution through the live alias (and the versions it points to). */
    public void grantStart(IRole role) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(role).actions(List.of("states:StartExecution"))
                .resourceArns(List.of(alias.getAttrArn(), stateMachine.getStateMachineArn() + ":*")).build());
        Nag.suppressWildcard(role, "StartExecution on the live alias resolves to one of the state machine's versions.",
                "Resource::<*OrchestrationStateMachine*>:*");
    }

    /** StopExecution on this state machine's executions (their ARNs carry its name, whatever alias started them). */
    public void grantStop(IRole role) {
        grantOnExecutions(role, "states:StopExecution");
    }

    /** RedriveExecution on this state machine's executions. */
    public void grantRedrive(IRole role) {
        grantOnExecutions(role, "states:RedriveExecution");
    }

    /** GetExecutionHistory on this state machine's executions (the error handler names the state that failed). */
    public void grantHistory(IRole role) {
        grantOnExecutions(role, "states:GetExecutionHistory");
    }

    private void grantOnExecutions(IRole role, String action) {
        String executions = Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("states").resource("execution")
                .resourceName(stateMachine.getStateMachineName() + ":*").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(role).actions(List.of(action))
                .resourceArns(List.of(executions)).build());
        Nag.suppressWildcard(role, action + " on this state machine's executions, named after their jobs.",
                "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<*OrchestrationStateMachine*.Name>:*");
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** The alias ARN: what SubmitJob starts executions on. */
    public String aliasArn() {
        return alias.getAttrArn();
    }

    public CfnStateMachineVersion version() {
        return version;
    }

    public String definition() {
        return definition;
    }

    /** Failure events the error handler could not take within a day: jobs left unmarked. */
    public Queue failureDeadLetters() {
        return failureDeadLetters;
    }

    public Alarm failures() {
        return failures;
    }
}
