package dev.tandem.cdk.agent;

import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.cdk.app.Nag;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.data.DataStore;
import dev.tandem.cdk.data.Messaging;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The governance agent on ECS Fargate, in a VPC with no internet route: private isolated subnets and
 * VPC endpoints for every AWS API the agent and its sidecar call. The task runs the agent container
 * (pinned by digest) and an ADOT collector sidecar that receives X-Ray segments on UDP 2000. A
 * deployment circuit breaker rolls back a task definition that does not stabilize; the service scales
 * on the governance queue's backlog per running task, never below the configured warm pool.
 */
public final class AgentService extends Construct {

    /** Steps a task can hold before another task is added (its default concurrency is 8). */
    static final int BACKLOG_PER_TASK = 8;
    /** The ADOT collector, pulled through the ECR pull-through cache of ECR Public (no internet route). */
    static final String ADOT_IMAGE = "aws-observability/aws-otel-collector:v0.43.3";
    public static final String REPOSITORY = "tandem/agent";

    public record Props(StageConfig stage, DataStore data, Messaging messaging, String killSwitchPrefix) {
    }

    private final Vpc vpc;
    private final Cluster cluster;
    private final FargateService service;
    private final FargateTaskDefinition task;
    private final LogGroup logs;

    public AgentService(Construct scope, String id, Props props) {
        super(scope, id);
        StageConfig stage = props.stage();
        Stack stack = Stack.of(this);
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs").retention(stage.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder().name("agent").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .flowLogs(Map.of("all", FlowLogOptions.builder().destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL).build()))
                .build();
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).subnets(List.of(isolated)).build());
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB)
                .subnets(List.of(isolated)).build());
        SecurityGroup endpoints = SecurityGroup.Builder.create(this, "EndpointsSg").vpc(vpc)
                .description("HTTPS from inside the VPC to the interface endpoints").allowAllOutbound(false).build();
        endpoints.addIngressRule(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(443), "HTTPS from the VPC");
        Nag.suppress(endpoints, "CdkNagValidationFailure", "AwsSolutions-EC23 cannot resolve the VPC CIDR token; ingress is HTTPS from the VPC's own CIDR only.");
        Map<String, InterfaceVpcEndpointAwsService> interfaces = Map.of(
                "Sqs", InterfaceVpcEndpointAwsService.SQS,
                "StepFunctions", InterfaceVpcEndpointAwsService.STEP_FUNCTIONS,
                "Ssm", InterfaceVpcEndpointAwsService.SSM,
                "Kms", InterfaceVpcEndpointAwsService.KMS,
                "EcrApi", InterfaceVpcEndpointAwsService.ECR,
                "EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER,
                "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
                "XRay", InterfaceVpcEndpointAwsService.XRAY);
        interfaces.forEach((name, service) -> vpc.addInterfaceEndpoint(name, InterfaceVpcEndpointOptions.builder()
                .service(service).subnets(isolated).securityGroups(List.of(endpoints)).privateDnsEnabled(true).build()));

        this.cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(stage.prefix() + "-agent")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENHANCED)
                .build();
        this.task = FargateTaskDefinition.Builder.create(this, "Task")
                .family(stage.prefix() + "-agent")
                .cpu(1024).memoryLimitMiB(2048)
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.ARM64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        LogGroup agentLogs = this.logs = LogGroup.Builder.create(this, "AgentLogs")
                .logGroupName("/ecs/" + stage.prefix() + "-agent")
                .retention(stage.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        IRepository repository = Repository.fromRepositoryName(this, "AgentRepository", REPOSITORY);
        ContainerImage image = stage.agentImageDigest() != null
                ? ContainerImage.fromEcrRepository(repository, stage.agentImageDigest())
                // Before the first deploy pushes an image: the bootstrap tag; scripts/deploy always passes a digest.
                : ContainerImage.fromEcrRepository(repository, "bootstrap");
        String queueUrl = props.messaging().governance().getQueueUrl();
        var agent = task.addContainer("agent", ContainerDefinitionOptions.builder()
                .image(image)
                .essential(true)
                .readonlyRootFilesystem(true)
                .user("10001:10001")
                .portMappings(List.of(PortMapping.builder().containerPort(8080).protocol(Protocol.TCP).build()))
                .stopTimeout(Duration.seconds(60))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(agentLogs).streamPrefix("agent").build()))
                .environment(agentEnvironment(stack, props, queueUrl))
                .build());
        var collector = task.addContainer("adot-collector", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(stack.getAccount() + ".dkr.ecr." + stack.getRegion() + ".amazonaws.com/ecr-public/" + ADOT_IMAGE))
                .essential(true)
                .command(List.of("--config=/etc/ecs/ecs-xray.yaml"))
                .portMappings(List.of(PortMapping.builder().containerPort(2000).protocol(Protocol.UDP).build()))
                .memoryReservationMiB(128)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(agentLogs).streamPrefix("adot").build()))
                .build());
        // The root file system is read-only; the JVM and Cedar's native library need a scratch /tmp.
        task.addVolume(Volume.builder().name("tmp").build());
        agent.addMountPoints(MountPoint.builder().sourceVolume("tmp").containerPath("/tmp").readOnly(false).build());
        agent.addContainerDependencies(ContainerDependency.builder().container(collector).condition(ContainerDependencyCondition.START).build());
        grant(props);

        SecurityGroup agentSg = SecurityGroup.Builder.create(this, "AgentSg").vpc(vpc)
                .description("The agent calls AWS APIs over HTTPS through the VPC endpoints only").allowAllOutbound(false).build();
        // The subnets have no route to the internet, so HTTPS reaches only the interface endpoints and the
        // S3 and DynamoDB gateway endpoints (whose addresses are AWS prefix lists, not VPC addresses).
        agentSg.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to VPC endpoints only (no internet route)");
        this.service = FargateService.Builder.create(this, "Service")
                .serviceName(stage.prefix() + "-agent")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(Math.max(1, stage.agentMinTasks()))
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .vpcSubnets(isolated)
                .securityGroups(List.of(agentSg))
                .assignPublicIp(false)
                .enableExecuteCommand(false)
                .build();
        var scaling = service.autoScaleTaskCount(software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps.builder()
                .minCapacity(stage.agentMinTasks()).maxCapacity(stage.agentMaxTasks()).build());
        scaling.scaleOnMetric("Backlog", software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps.builder()
                .metric(backlogPerTask(props, stage))
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(1).change(-1).build(),
                        ScalingInterval.builder().lower(BACKLOG_PER_TASK).change(1).build(),
                        ScalingInterval.builder().lower(BACKLOG_PER_TASK * 4).change(3).build()))
                .cooldown(Duration.seconds(60))
                .evaluationPeriods(2)
                .build());
        Nag.suppress(task, "AwsSolutions-ECS2", "Environment variables carry resource names and settings only; the agent has no secrets.");
    }

    /** Messages waiting (visible and in flight) divided by running tasks. */
    private MathExpression backlogPerTask(Props props, StageConfig stage) {
        Metric visible = props.messaging().governance().metricApproximateNumberOfMessagesVisible(
                software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build());
        Metric running = Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                .dimensionsMap(Map.of("ClusterName", cluster.getClusterName(), "ServiceName", stage.prefix() + "-agent"))
                .statistic("Average").period(Duration.minutes(1)).build();
        return MathExpression.Builder.create().expression("visible / MAX([running, 1])")
                .usingMetrics(Map.of("visible", visible, "running", running))
                .label("Governance backlog per agent task").period(Duration.minutes(1)).build();
    }

    /** The agent container's environment: its tables, queue and kill switches, and the stage's bundle pins, if any. */
    private static Map<String, String> agentEnvironment(Stack stack, Props props, String queueUrl) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("AWS_REGION", stack.getRegion());
        env.put(ConfigKey.AGENT_QUEUE_URL.environmentVariable(), queueUrl);
        env.put(Tables.JOBS.environmentVariable(), props.data().table("jobs").getTableName());
        env.put(Tables.CASES.environmentVariable(), props.data().table("cases").getTableName());
        env.put(Tables.AUDIT.environmentVariable(), props.data().table("audit").getTableName());
        env.put(ConfigKey.KILL_SWITCH_PREFIX.environmentVariable(), props.killSwitchPrefix());
        env.put(ConfigKey.AGENT_SHUTDOWN_GRACE.environmentVariable(), "45s");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        if (props.stage().policyVersions() != null) {
            env.put(ConfigKey.AGENT_POLICY_VERSIONS.environmentVariable(), props.stage().policyVersions());
        }
        return env;
    }

    /** Exactly what the agent calls, and nothing else. */
    private void grant(Props props) {
        var role = task.getTaskRole();
        DataStore data = props.data();
        props.messaging().governance().grantConsumeMessages(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("sqs:GetQueueAttributes")).resources(List.of(props.messaging().governance().getQueueArn())).build());
        // Reads the job as evidence; records the Govern step's progress on it.
        data.grantJobRecordUpdate(role);
        data.table("cases").grant(role, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DescribeTable");
        data.grantAuditAppend(role);
        data.denyAuditRewrite(role);
        data.key().grantEncryptDecrypt(role);
        data.documents().grantRead(role, "jobs/*");
        Stack stack = Stack.of(this);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("ssm:GetParameter"))
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("ssm").resource("parameter")
                        .resourceName(props.killSwitchPrefix().substring(1) + "*").build()))).build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                // Task-token callbacks have no resource-level permissions: the token is the authorization.
                .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))
                .resources(List.of("*")).build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                // The ADOT sidecar forwards segments; the X-Ray APIs have no resource-level permissions.
                .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"))
                .resources(List.of("*")).build());
        // The execution role pulls the ADOT image through the pull-through cache (first pull imports it).
        task.obtainExecutionRole().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("ecr:BatchImportUpstreamImage", "ecr:CreateRepository"))
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("ecr").resource("repository")
                        .resourceName("ecr-public/*").build()))).build());
        Nag.suppressWildcard(role, "Task-token callbacks and X-Ray have no resource-level permissions; "
                + "documents of every job live under jobs/<jobId>/; kill switches are one parameter per pipeline.",
                "Resource::*", "Resource::<DataDocuments*.Arn>/jobs/*", "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*",
                "Action::kms:ReEncrypt*", "Action::kms:GenerateDataKey*",
                "Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/" + props.killSwitchPrefix().substring(1) + "*");
        Nag.suppressWildcard(task.obtainExecutionRole(), "ECR pull-through cache repositories are created on first pull under ecr-public/; "
                + "GetAuthorizationToken has no resource-level permissions.",
                "Resource::arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/ecr-public/*", "Resource::*");
    }

    public Vpc vpc() {
        return vpc;
    }

    public Cluster cluster() {
        return cluster;
    }

    public FargateService service() {
        return service;
    }

    /** The agent's log group (its JSON logs and EMF metrics; the collector's under its own stream prefix). */
    public LogGroup logGroup() {
        return logs;
    }

    public FargateTaskDefinition task() {
        return task;
    }
}
