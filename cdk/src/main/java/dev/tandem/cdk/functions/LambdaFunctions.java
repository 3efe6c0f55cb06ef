package dev.tandem.cdk.functions;

import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.cdk.app.Nag;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.data.DataStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * Tandem's Lambda functions, each built the same way: Java 21 on arm64, SnapStart on published
 * versions, active X-Ray tracing, explicit memory and timeout, its own log group with retention, its
 * own role with exactly the grants of its {@link dev.tandem.contracts.infra.Grant} set, a version and a {@code live} alias, and
 * a CodeDeploy deployment group that shifts 10% of traffic for 5 minutes and rolls back automatically
 * when the alias's errors or p99 duration alarm.
 */
public final class LambdaFunctions extends Construct {

    public static final String ALIAS = "live";

    /**
     * Where the functions are and what they reach.
     *
     * @param pipeline  the pipeline whose functions these are (their names carry it), or null for the platform's
     * @param pipelines the layer with every pipeline's own code (see {@code PipelinesLayer}), attached to every function
     */
    public record Props(StageConfig stage, String pipeline, Path apiJar, Path stepsJar, ILayerVersion pipelines, DataStore data,
                        String killSwitchPrefix, String bedrockModelId) {

        /** The deployed name of a function: {@code tandem-<stage>-<name>}, or {@code tandem-<stage>-<pipeline>-<name>}. */
        public String functionName(String name) {
            return pipeline == null ? dev.tandem.contracts.infra.Stages.functionName(stage.name(), name)
                    : dev.tandem.contracts.infra.Stages.pipelineFunctionName(stage.name(), pipeline, name);
        }
    }

    private final Props props;
    private final LambdaApplication application;
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final List<LogGroup> logGroups = new java.util.ArrayList<>();

    public LambdaFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.application = LambdaApplication.Builder.create(this, "Deployments")
                .applicationName(props.stage().prefix() + (props.pipeline() == null ? "" : "-" + props.pipeline()) + "-functions").build();
    }

    /** Creates the function, its version, alias and deployment group; {@code extraEnv} adds to the shared variables. */
    public Alias add(FunctionSpec spec, Map<String, String> extraEnv) {
        StageConfig stage = props.stage();
        String functionName = props.functionName(spec.name());
        if (functionName.length() > 64) {
            throw new IllegalArgumentException("function name " + functionName + " is longer than Lambda's 64 characters; "
                    + "shorten the pipeline or step name");
        }
        LogGroup logs = LogGroup.Builder.create(this, spec.name() + "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(stage.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        logGroups.add(logs);
        Role role = Role.Builder.create(this, spec.name() + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Tandem " + spec.name() + ": its own log group and the grants of its access set")
                .build();
        logs.grantWrite(role);
        Map<String, String> env = new LinkedHashMap<>(props.data().tableEnvironment());
        env.put(ConfigKey.BUCKET.environmentVariable(), props.data().documents().getBucketName());
        env.put(ConfigKey.KILL_SWITCH_PREFIX.environmentVariable(), props.killSwitchPrefix());
        env.put(ConfigKey.STAGE.environmentVariable(), stage.name());
        if (props.pipeline() != null) {
            env.put(ConfigKey.PIPELINE.environmentVariable(), props.pipeline());
        }
        env.put("POWERTOOLS_SERVICE_NAME", "tandem");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Tandem");
        // The Lambda runtime's recommendation for short-lived Java functions (C1 only).
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        if (props.bedrockModelId() != null) {
            env.put(ConfigKey.MODEL_PROVIDER.environmentVariable(), "bedrock");
            env.put(ConfigKey.MODEL_BEDROCK_MODEL_ID.environmentVariable(), props.bedrockModelId());
        }
        String modelEndpoint = spec.access().contains(Grant.MODEL_ENDPOINT) ? modelEndpoint() : null;
        if (modelEndpoint != null) {
            env.put(ConfigKey.MODEL_ENDPOINT.environmentVariable(), modelEndpoint);
        }
        if (spec.access().contains(Grant.AUDIT_DIGESTS_READ) || spec.access().contains(Grant.AUDIT_DIGESTS_WRITE)) {
            env.putAll(props.data().anchors().environment());
        }
        if (spec.access().contains(Grant.API_CURSORS)) {
            env.put(ConfigKey.API_CURSOR_KEY.environmentVariable(), props.data().cursorKey().getKeyArn());
        }
        env.putAll(extraEnv);
        Function fn = Function.Builder.create(this, spec.name())
                .functionName(functionName)
                .description("Tandem " + (props.pipeline() == null ? "" : props.pipeline() + " ") + spec.name())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset((spec.steps() ? props.stepsJar() : props.apiJar()).toString()))
                .layers(List.of(props.pipelines()))
                .handler(spec.handler())
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logs)
                .role(role)
                .environment(env)
                .build();
        grant(fn, role, spec);
        // SnapStart applies to published versions: every function publishes one (its live alias's currentVersion).
        software.amazon.awscdk.Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Each function publishes a version for its live alias");
        Nag.suppressWildcard(role, "X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions (added by active tracing).",
                "Resource::*");
        Nag.suppress(fn, "Serverless-LambdaDLQ", "Invoked synchronously (API Gateway, Step Functions); errors return to the caller, which retries or catches.");
        Nag.suppress(fn, "Serverless-LambdaDefaultMemorySize", "Memory is set from the step's profile.");
        Nag.suppress(fn, "AwsSolutions-L1", "The code is compiled for Java 21 (--release 21), the runtime it is built and tested for.");
        Nag.suppress(fn, "Serverless-LambdaLatestVersion", "The code is compiled for Java 21 (--release 21), the runtime it is built and tested for.");

        Alias.Builder alias = Alias.Builder.create(this, spec.name() + "Live")
                .aliasName(ALIAS)
                .version(fn.getCurrentVersion());
        if (props.pipeline() == null && spec.name().equals(dev.tandem.contracts.infra.TandemFunction.SUBMIT_JOB.logicalName())
                && stage.submitWarmPool() > 0) {
            alias.provisionedConcurrentExecutions(stage.submitWarmPool());
        }
        Alias live = alias.build();
        Alarm errors = Alarm.Builder.create(this, spec.name() + "Errors")
                .alarmName(functionName + "-errors")
                .alarmDescription(spec.name() + " live alias: errors (rolls back a canary deployment)")
                .metric(live.metricErrors(MetricOptions.builder().period(Duration.minutes(1)).build()))
                .threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm slow = Alarm.Builder.create(this, spec.name() + "P99")
                .alarmName(functionName + "-p99")
                .alarmDescription(spec.name() + " live alias: p99 duration over " + spec.p99Budget().toMillis() + " ms")
                .metric(live.metricDuration(MetricOptions.builder().statistic("p99").period(Duration.minutes(1)).build()))
                .threshold(spec.p99Budget().toMillis()).evaluationPeriods(3).datapointsToAlarm(2)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        LambdaDeploymentGroup group = LambdaDeploymentGroup.Builder.create(this, spec.name() + "Deployment")
                .application(application)
                .role(deploymentRole())
                .alias(live)
                .deploymentConfig(LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES)
                .alarms(List.of(errors, slow))
                .autoRollback(AutoRollbackConfig.builder().failedDeployment(true).stoppedDeployment(true).deploymentInAlarm(true).build())
                .build();
        Nag.suppress(group, "AwsSolutions-IAM4", "AWSCodeDeployRoleForLambdaLimited is the AWS-maintained least-privilege role for Lambda deployments.");
        functions.put(spec.name(), fn);
        aliases.put(spec.name(), live);
        return live;
    }

    /**
     * The one role CodeDeploy assumes for every canary deployment of the stage's functions (AWS's least-privilege managed
     * policy for Lambda deployments): one per stack rather than one per function, which keeps a stage of several pipelines
     * within CloudFormation's 500 resources a stack.
     */
    private Role deploymentRole() {
        Stack stack = Stack.of(this);
        String id = "LambdaDeploymentRole";
        if (stack.getNode().tryFindChild(id) instanceof Role shared) {
            return shared;
        }
        Role role = Role.Builder.create(stack, id)
                .assumedBy(new software.amazon.awscdk.services.iam.ServicePrincipal("codedeploy.amazonaws.com"))
                .description("CodeDeploy canary deployments of the stage's Lambda aliases")
                .managedPolicies(List.of(software.amazon.awscdk.services.iam.ManagedPolicy.fromAwsManagedPolicyName(
                        "service-role/AWSCodeDeployRoleForLambdaLimited")))
                .build();
        Nag.suppress(role, "AwsSolutions-IAM4", "AWSCodeDeployRoleForLambdaLimited is the AWS-maintained least-privilege role for Lambda deployments.");
        return role;
    }

    /** The SageMaker endpoint the stage names for these functions' pipeline, or null. */
    private String modelEndpoint() {
        return props.pipeline() == null ? null : props.stage().modelEndpoints().get(props.pipeline());
    }

    private void grant(Function fn, Role role, FunctionSpec spec) {
        DataStore data = props.data();
        data.denyAuditRewrite(role);
        for (Grant access : spec.access()) {
            switch (access) {
                case JOBS_READ -> data.table("jobs").grantReadData(role);
                case JOBS_WRITE -> data.table("jobs").grantReadWriteData(role);
                case IDEMPOTENCY -> data.table("idempotency").grantReadWriteData(role);
                case AUDIT_READ -> data.table("audit").grantReadData(role);
                case AUDIT_WRITE -> data.grantAuditAppend(role);
                case AUDIT_DIGESTS_READ -> data.anchors().grantRead(role);
                case AUDIT_DIGESTS_WRITE -> data.anchors().grantWrite(role);
                case API_CURSORS -> data.cursorKey().grant(role, "kms:GenerateMac", "kms:VerifyMac");
                case LINEAGE_READ -> data.table("lineage").grantReadData(role);
                case KPIS_READ -> data.table("kpis").grantReadData(role);
                case KPIS_WRITE -> data.table("kpis").grantReadWriteData(role);
                case LINEAGE_WRITE -> data.table("lineage").grantReadWriteData(role);
                case REVIEWS_READ -> data.table("reviews").grantReadData(role);
                case REVIEWS_WRITE -> data.table("reviews").grantReadWriteData(role);
                case DOCUMENTS_READ -> data.documents().grantRead(role, "jobs/*");
                case DOCUMENTS_WRITE -> data.documents().grantReadWrite(role, "jobs/*");
                case START_EXECUTION, STOP_EXECUTION, REDRIVE_EXECUTION, EXECUTION_HISTORY -> { } // granted by Orchestration, which owns the state machine
                case TASK_CALLBACKS -> role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                        .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))
                        // Task-token callbacks have no resource-level permissions: the token is the authorization.
                        .resources(List.of("*")).build());
                case KILL_SWITCH -> role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                        .actions(List.of("ssm:GetParameter"))
                        .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("ssm")
                                .resource("parameter").resourceName(props.killSwitchPrefix().substring(1) + "*").build()))).build());
                case EVENTS -> role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                        .actions(List.of("events:PutEvents"))
                        .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("events")
                                .resource("event-bus").resourceName("default").build()))).build());
                case MODEL -> {
                    if (props.bedrockModelId() != null) {
                        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                                .actions(List.of("bedrock:InvokeModel"))
                                .resources(List.of("arn:" + Stack.of(this).getPartition() + ":bedrock:" + Stack.of(this).getRegion()
                                        + "::foundation-model/" + props.bedrockModelId())).build());
                    }
                }
                case MODEL_ENDPOINT -> {
                    String endpoint = modelEndpoint();
                    if (endpoint != null) {
                        // Endpoint ARNs carry the name in lower case, whatever case it was created with.
                        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                                .actions(List.of("sagemaker:InvokeEndpoint"))
                                .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("sagemaker")
                                        .resource("endpoint").resourceName(endpoint.toLowerCase(java.util.Locale.ROOT)).build()))).build());
                    }
                }
                default -> throw new IllegalStateException("unhandled access " + access);
            }
        }
        if (spec.access().contains(Grant.TASK_CALLBACKS)) {
            Nag.suppressWildcard(role, "Step Functions task-token callbacks (SendTaskSuccess/Failure/Heartbeat) have no resource-level permissions.",
                    "Resource::*");
        }
        if (spec.access().contains(Grant.DOCUMENTS_READ) || spec.access().contains(Grant.DOCUMENTS_WRITE)) {
            Nag.suppressWildcard(role, "Objects of every job live under jobs/<jobId>/; the job id is only known at run time.",
                    "Resource::<DataDocuments*.Arn>/jobs/*", "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*",
                    "Action::s3:DeleteObject*", "Action::s3:Abort*");
        }
        Nag.suppressWildcard(role, "CDK's KMS grants for writing to encrypted tables and objects (GenerateDataKey and ReEncrypt variants) on the data key only.",
                "Action::kms:ReEncrypt*", "Action::kms:GenerateDataKey*");
        if (spec.access().contains(Grant.KILL_SWITCH)) {
            Nag.suppressWildcard(role, "One kill-switch parameter per pipeline under the stage's prefix.",
                    "Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/" + props.killSwitchPrefix().substring(1) + "*");
        }
        Nag.suppressWildcard(role, "DynamoDB grants include the table's indexes (queries by status and reverse lineage).",
                "Resource::<DataJobsTable*.Arn>/index/*", "Resource::<DataIdempotencyTable*.Arn>/index/*",
                "Resource::<DataAuditTable*.Arn>/index/*", "Resource::<DataLineageTable*.Arn>/index/*",
                "Resource::<DataReviewsTable*.Arn>/index/*", "Resource::<DataCasesTable*.Arn>/index/*");
    }

    /** The functions' log groups, in the order they were added. */
    public List<LogGroup> logGroups() {
        return List.copyOf(logGroups);
    }

    public Map<String, Alias> aliases() {
        return aliases;
    }

    public Alias alias(String name) {
        Alias a = aliases.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no function " + name + "; functions: " + aliases.keySet());
        }
        return a;
    }

    public Map<String, Function> functions() {
        return functions;
    }
}
