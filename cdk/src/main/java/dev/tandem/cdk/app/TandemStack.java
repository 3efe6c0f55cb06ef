package dev.tandem.cdk.app;

import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.cdk.agent.AgentService;
import dev.tandem.cdk.api.PublicApi;
import dev.tandem.cdk.data.DataStore;
import dev.tandem.cdk.data.Messaging;
import dev.tandem.cdk.functions.FunctionCatalog;
import dev.tandem.cdk.functions.FunctionSpec;
import dev.tandem.cdk.functions.LambdaFunctions;
import dev.tandem.cdk.observability.Monitoring;
import dev.tandem.cdk.orchestration.Orchestration;
import dev.tandem.cdk.orchestration.WorkflowDefinition;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.placement.PlacementAdvisor;
import dev.tandem.contracts.placement.PricingTable;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * One stage of Tandem: data, messaging, functions, the state machine generated from the blueprint,
 * the agent on Fargate, the public API, and the operators' dashboard and alarms.
 */
public final class TandemStack extends Stack {

    private final DataStore data;
    private final Messaging messaging;
    private final LambdaFunctions functions;
    private final Orchestration orchestration;
    private final AgentService agent;
    private final PublicApi api;
    private final Monitoring monitoring;

    public TandemStack(Construct scope, String id, StackProps props, StageConfig stage, Artifacts artifacts, PipelineDefinition pipeline,
                       String bedrockModelId) {
        super(scope, id, props);
        Blueprint blueprint = pipeline.blueprint();
        // First, before any resource: a blueprint that contradicts the advisor is never synthesized.
        WorkflowDefinition.requireAdvisedPlacements(blueprint, new PlacementAdvisor(PricingTable.defaults()));
        this.data = new DataStore(this, "Data", stage);
        this.messaging = new Messaging(this, "Messaging", stage.name(), data.key());
        String killSwitchPrefix = Stages.killSwitchPrefix(stage.name());
        StringParameter.Builder.create(this, "KillSwitch")
                .parameterName(killSwitchPrefix + blueprint.name())
                .stringValue("off")
                .description("Kill switch of the " + blueprint.name() + " pipeline: on halts new jobs and governed steps within 10 s")
                .build();
        this.functions = new LambdaFunctions(this, "Functions", new LambdaFunctions.Props(stage, artifacts.apiJar(), artifacts.stepsJar(),
                data, killSwitchPrefix, bedrockModelId));
        FunctionSpec submit = null;
        for (FunctionSpec spec : FunctionCatalog.pipeline(blueprint)) {
            if (spec.steps()) {
                functions.add(spec, Map.of());
            } else {
                submit = spec;
            }
        }
        this.orchestration = new Orchestration(this, "Orchestration", stage, pipeline, functions, messaging.governance());
        if (submit == null) {
            throw new IllegalStateException("blueprint " + blueprint.name() + " has no entry function");
        }
        functions.add(submit, Map.of(ConfigKey.STATE_MACHINE_ARN.environmentVariable(), orchestration.aliasArn()));
        orchestration.grantStart(functions.functions().get(submit.name()).getRole());
        for (FunctionSpec spec : FunctionCatalog.api()) {
            functions.add(spec, Map.of());
        }
        this.agent = new AgentService(this, "Agent", new AgentService.Props(stage, data, messaging, killSwitchPrefix));
        this.api = new PublicApi(this, "Api", stage, functions);
        this.monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(stage, api.api(), functions, orchestration, messaging, agent));

        CfnOutput.Builder.create(this, "ApiUrl").value(api.api().getUrl()).description("Base URL of the public API (stage v1)").build();
        CfnOutput.Builder.create(this, "UserPoolId").value(api.users().getUserPoolId()).description("Create users and add them to groups here").build();
        CfnOutput.Builder.create(this, "StateMachineAliasArn").value(orchestration.aliasArn()).build();
        CfnOutput.Builder.create(this, "GovernanceQueueUrl").value(messaging.governance().getQueueUrl()).build();
        CfnOutput.Builder.create(this, "DashboardName").value(monitoring.dashboard().getDashboardName()).build();
    }

    public DataStore data() {
        return data;
    }

    public Messaging messaging() {
        return messaging;
    }

    public LambdaFunctions functions() {
        return functions;
    }

    public Orchestration orchestration() {
        return orchestration;
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
