package dev.tandem.cdk.app;

import dev.tandem.cdk.agent.AgentService;
import dev.tandem.cdk.api.PublicApi;
import dev.tandem.cdk.data.DataStore;
import dev.tandem.cdk.data.Messaging;
import dev.tandem.cdk.functions.FunctionCatalog;
import dev.tandem.cdk.functions.FunctionSpec;
import dev.tandem.cdk.functions.LambdaFunctions;
import dev.tandem.cdk.observability.Monitoring;
import dev.tandem.cdk.orchestration.ExecutionStatusRules;
import dev.tandem.cdk.orchestration.WorkflowDefinition;
import dev.tandem.cdk.pipeline.PipelineDeployment;
import dev.tandem.cdk.pipeline.PipelinesLayer;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.ExecutionEvents;
import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.infra.NamedValues;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.infra.JobEventNames;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.placement.PlacementAdvisor;
import dev.tandem.contracts.placement.PricingTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.constructs.Construct;

/**
 * One stage of Tandem: the platform (data, messaging, the public API's functions, the agent on Fargate, the
 * public API, the operators' dashboard and alarms) and one {@link PipelineDeployment} per pipeline (its
 * functions, its state machine generated from the blueprint, its kill switch), side by side with unique names.
 */
public final class TandemStack extends Stack {

    private final DataStore data;
    private final Messaging messaging;
    private final LambdaFunctions functions;
    private final List<PipelineDeployment> pipelines = new ArrayList<>();
    private final PipelinesLayer pipelinesLayer;
    private final AgentService agent;
    private final PublicApi api;
    private final Monitoring monitoring;

    public TandemStack(Construct scope, String id, StackProps props, StageConfig stage, Artifacts artifacts,
                       List<PipelineDefinition> definitions, String bedrockModelId) {
        super(scope, id, props);
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("a stage deploys at least one pipeline; none is registered");
        }
        List<String> names = definitions.stream().map(PipelineDefinition::name).toList();
        for (String pipeline : stage.modelEndpoints().keySet()) {
            if (!names.contains(pipeline)) {
                throw new IllegalArgumentException("modelEndpoints names pipeline " + pipeline + ", which this stage does not deploy " + names);
            }
        }
        // First, before any resource: a blueprint that contradicts the advisor is never synthesized.
        for (PipelineDefinition pipeline : definitions) {
            WorkflowDefinition.requireAdvisedPlacements(pipeline.blueprint(), new PlacementAdvisor(PricingTable.defaults()));
        }
        this.data = new DataStore(this, "Data", stage);
        this.messaging = new Messaging(this, "Messaging", stage.name(), data.key());
        String killSwitchPrefix = Stages.killSwitchPrefix(stage.name());
        this.pipelinesLayer = new PipelinesLayer(this, "Pipelines", definitions);
        PipelineDeployment.Platform platform = new PipelineDeployment.Platform(stage, data, messaging.governance(), artifacts.stepsJar(),
                pipelinesLayer.layer(), killSwitchPrefix, bedrockModelId);
        for (PipelineDefinition pipeline : definitions) {
            pipelines.add(new PipelineDeployment(this, pipeline, platform));
        }
        this.functions = new LambdaFunctions(this, "Functions", new LambdaFunctions.Props(stage, null, artifacts.apiJar(), artifacts.stepsJar(),
                pipelinesLayer.layer(), data, killSwitchPrefix, bedrockModelId));
        for (FunctionSpec spec : FunctionCatalog.api()) {
            boolean executions = spec.access().contains(Grant.START_EXECUTION) || spec.access().contains(Grant.STOP_EXECUTION)
                    || spec.access().contains(Grant.REDRIVE_EXECUTION);
            functions.add(spec, executions ? Map.of(ConfigKey.STATE_MACHINE_ARNS.environmentVariable(), stateMachineArns()) : Map.of());
        }
        scheduleAuditDigests(stage);
        measureEndedJobs(stage);
        acceptSubmissionEvents(definitions);
        var submitRole = functions.functions().get(TandemFunction.SUBMIT_JOB.logicalName()).getRole();
        pipelines.forEach(p -> p.orchestration().grantStart(submitRole));
        var cancelRole = functions.functions().get(TandemFunction.CANCEL_JOB.logicalName()).getRole();
        pipelines.forEach(p -> p.orchestration().grantStop(cancelRole));
        var redriveRole = functions.functions().get(TandemFunction.REDRIVE_JOB.logicalName()).getRole();
        pipelines.forEach(p -> p.orchestration().grantRedrive(redriveRole));
        this.agent = new AgentService(this, "Agent", new AgentService.Props(stage, data, messaging, killSwitchPrefix));
        this.api = new PublicApi(this, "Api", stage, functions, definitions);
        this.monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(stage, api.api(), functions, pipelines, messaging, agent));

        CfnOutput.Builder.create(this, "ApiUrl").value(api.api().getUrl()).description("Base URL of the public API (stage v1)").build();
        CfnOutput.Builder.create(this, "UserPoolId").value(api.users().getUserPoolId()).description("Create users and add them to groups here").build();
        CfnOutput.Builder.create(this, "StateMachineAliasArns").value(stateMachineArns())
                .description("Each pipeline's state machine live alias: pipeline=arn,...").build();
        CfnOutput.Builder.create(this, "GovernanceQueueUrl").value(messaging.governance().getQueueUrl()).build();
        CfnOutput.Builder.create(this, "DashboardName").value(monitoring.dashboard().getDashboardName()).build();
    }

    /**
     * The audit digest writer runs on a schedule (every 5 minutes in prod, every minute elsewhere), one run at a time
     * (reserved concurrency 1: digests are a chain, and two writers would fork it).
     */
    private void scheduleAuditDigests(StageConfig stage) {
        String name = TandemFunction.WRITE_AUDIT_DIGEST.logicalName();
        ((CfnFunction) functions.functions().get(name).getNode().getDefaultChild()).setReservedConcurrentExecutions(1);
        Rule.Builder.create(this, "AuditDigestSchedule")
                .description("Writes the next signed audit digest")
                .schedule(Schedule.rate(software.amazon.awscdk.Duration.minutes(stage.production() ? 5 : 1)))
                .targets(List.of(LambdaFunction.Builder.create(functions.alias(name)).retryAttempts(2)
                        .deadLetterQueue(data.anchors().deadLetters()).build()))
                .build();
    }

    /**
     * Every ended execution of the stage's state machines (Step Functions' status event) reaches RecordJobKpis, which
     * measures the job from the execution's history; EventBridge retries for a day, then dead-letters the event.
     */
    private void measureEndedJobs(StageConfig stage) {
        String name = TandemFunction.RECORD_JOB_KPIS.logicalName();
        ExecutionStatusRules.route(this, "JobsEnded", "KpiEventsDeadLetters",
                "Every ended execution of the stage's pipelines is measured (RecordJobKpis)", ExecutionEvents.ENDED,
                pipelines.stream().map(p -> p.orchestration().stateMachine().getStateMachineArn()).toList(), functions.alias(name));
        var role = functions.functions().get(name).getRole();
        pipelines.forEach(p -> p.orchestration().grantHistory(role));
        if (stage.reviewSampleRate() != null) {
            functions.functions().get(name).addEnvironment(dev.tandem.contracts.infra.ConfigKey.REVIEW_SAMPLE_RATE.environmentVariable(),
                    Double.toString(stage.reviewSampleRate()));
        }
    }

    /**
     * Jobs submitted as events ({@code JobEventNames.SUBMIT} on the account's default bus) reach SubmitFromEvent, when a
     * pipeline of the stage accepts them; EventBridge retries a failed delivery for an hour, then dead-letters the event.
     * (A refused submission is not a failure: it is recorded and counted.) Who may submit is who may put events on the bus.
     */
    private void acceptSubmissionEvents(List<PipelineDefinition> definitions) {
        if (definitions.stream().noneMatch(PipelineDefinition::acceptsEvents)) {
            return;
        }
        String name = TandemFunction.SUBMIT_FROM_EVENT.logicalName();
        software.amazon.awscdk.services.sqs.Queue deadLetters = software.amazon.awscdk.services.sqs.Queue.Builder.create(this, "SubmissionEventsDeadLetters")
                .encryption(software.amazon.awscdk.services.sqs.QueueEncryption.SQS_MANAGED).enforceSsl(true)
                .retentionPeriod(software.amazon.awscdk.Duration.days(14)).build();
        Nag.suppress(deadLetters, "AwsSolutions-SQS3", "This is the dead-letter queue of the submission events' rule target.");
        Nag.suppress(deadLetters, "Serverless-SQSRedrivePolicy", "This is a dead-letter queue: messages end here.");
        Rule.Builder.create(this, "SubmissionEvents")
                .description("Jobs submitted as events (detail-type " + JobEventNames.SUBMIT + ") reach SubmitFromEvent")
                .eventPattern(software.amazon.awscdk.services.events.EventPattern.builder().detailType(List.of(JobEventNames.SUBMIT)).build())
                .targets(List.of(LambdaFunction.Builder.create(functions.alias(name)).retryAttempts(10)
                        .maxEventAge(software.amazon.awscdk.Duration.hours(1)).deadLetterQueue(deadLetters).build()))
                .build();
        var role = functions.functions().get(name).getRole();
        pipelines.forEach(p -> p.orchestration().grantStart(role));
    }

    /** {@code pipeline=aliasArn,...}: which state machine SubmitJob starts for a job of each pipeline. */
    private String stateMachineArns() {
        Map<String, String> arns = new LinkedHashMap<>();
        pipelines.forEach(p -> arns.put(p.pipeline().name(), p.orchestration().aliasArn()));
        return NamedValues.format(arns);
    }

    public DataStore data() {
        return data;
    }

    public Messaging messaging() {
        return messaging;
    }

    /** The platform's functions (the public API's). */
    public LambdaFunctions functions() {
        return functions;
    }

    public List<PipelineDeployment> pipelines() {
        return List.copyOf(pipelines);
    }

    public PipelineDeployment pipeline(String name) {
        return pipelines.stream().filter(p -> p.pipeline().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pipeline " + name + " in this stage"));
    }

    public AgentService agent() {
        return agent;
    }

    public PublicApi api() {
        return api;
    }

    public Monitoring monitoring() {
        return monitoring;
    }
}
