package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.infra.TableSpec;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.local.lambda.DeployedFunction;
import dev.tandem.local.lambda.DeployedFunctions;
import dev.tandem.local.lambda.LambdaHost;
import dev.tandem.testsupport.AwsClients;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.EmbeddedAwsBackend;
import dev.tandem.testsupport.Provisioning;
import dev.tandem.testsupport.StageTemplate;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole of Tandem on one machine (the README's main command runs this through {@code scripts/dev}):
 * dynalite (DynamoDB API), ElasticMQ and S3Proxy with the CDK app's table, queue and bucket names; the local
 * control plane (SSM, EventBridge); the function handlers behind a local Lambda endpoint and the local
 * API Gateway; the CDK-synthesized state machine on aws-local-stepfunctions; the agent's jar as its own
 * process, restarted if it dies.
 */
public final class LocalStack implements AutoCloseable {

    public static final String STAGE = dev.tandem.contracts.infra.Stages.LOCAL;
    public static final String ACCOUNT = "000000000000";

    /** Where the parts are, for the banner, the demo and the tests. */
    public record Endpoints(String api, String lambda, String stepFunctions, String controlPlane, String agent, AwsEndpoints aws,
                            String queueUrl, String deadLetterQueueUrl, String bucket, Map<String, String> tables, Path templateDir) {
    }

    /** @param maxEnvironments how many execution environments each function may run at once */
    /**
     * @param endpointOverrides endpoints of AWS services the local stack has no engine for, by the service's name in
     *                          {@code ConfigKey.endpointProperty} (e.g. {@code sagemaker} or {@code bedrock} pointed at a
     *                          test's wire-level fake): the functions get them as they get the engines'
     * @param prewarm           whether every function starts an environment before the stack is up (and a function that
     *                          fails its init fails the start); otherwise each starts on its first invocation
     */
    public record Options(int apiPort, Path dataDir, Path template, Path agentJar, Path nodeScript, Path polyfill, Path logDir,
                          int maxEnvironments, Map<String, String> endpointOverrides, boolean prewarm) {

        public Options {
            endpointOverrides = endpointOverrides == null ? Map.of() : Map.copyOf(endpointOverrides);
        }

        public Options(int apiPort, Path dataDir, Path template, Path agentJar, Path nodeScript, Path polyfill, Path logDir,
                       int maxEnvironments) {
            this(apiPort, dataDir, template, agentJar, nodeScript, polyfill, logDir, maxEnvironments, Map.of(), true);
        }
    }

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Consumer<String> say;
    private Endpoints endpoints;
    private Supervised agent;
    private LocalControlPlane controlPlane;
    private LambdaHost lambdas;
    private List<LocalEventRules.Scheduled> schedules = List.of();
    private java.util.concurrent.ScheduledExecutorService scheduler;
    private java.util.concurrent.ExecutorService deliveries;

    private LocalStack(Consumer<String> say) {
        this.say = say;
    }

    public static LocalStack start(Options o, Consumer<String> say) throws IOException {
        LocalStack stack = new LocalStack(say);
        try {
            stack.boot(o);
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void boot(Options o) throws IOException {
        Files.createDirectories(o.logDir());
        // The stage as one template: in AWS each pipeline is a nested stack of the stage's; the local engines, which have
        // no nested stacks, read every resource of the stage from the one template.
        Path template = StageTemplate.write(o.template());
        long t = System.nanoTime();
        EmbeddedAwsBackend backend = EmbeddedAwsBackend.start(o.dataDir());
        parts.add(backend);
        AwsEndpoints aws = backend.endpoints();
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws);
        SqsClient sqs = AwsClients.sqs(aws);
        S3Client s3 = AwsClients.s3(aws);
        Map<String, String> tables = tables(dynamoDb);
        String dlq = sqs.createQueue(b -> b.queueName(Stages.governanceDeadLetterQueue(STAGE))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String queue = sqs.createQueue(b -> b.queueName(Stages.governanceQueue(STAGE)).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "60",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + Stages.GOVERNANCE_MAX_RECEIVE_COUNT + "\"}"))).queueUrl();
        String digestDlq = sqs.createQueue(b -> b.queueName(Stages.auditDigestDeadLetterQueue(STAGE))).queueUrl();
        String digestDlqArn = sqs.getQueueAttributes(b -> b.queueUrl(digestDlq).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String digestQueue = sqs.createQueue(b -> b.queueName(Stages.auditDigestQueue(STAGE)).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "180",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + digestDlqArn + "\",\"maxReceiveCount\":\"10\"}"))).queueUrl();
        String bucket = Stages.documentsBucket(STAGE, ACCOUNT, aws.region().id());
        for (String name : List.of(bucket, Stages.auditDigestBucket(STAGE, ACCOUNT, aws.region().id()))) {
            try {
                s3.createBucket(b -> b.bucket(name));
            } catch (BucketAlreadyOwnedByYouException e) {
                // kept from an earlier run (--data-dir)
            }
        }
        progress("AWS engines: DynamoDB API (dynalite) " + aws.dynamoDb() + ", ElasticMQ " + aws.sqs() + ", S3Proxy " + aws.s3()
                + (o.dataDir() == null ? " (in memory)" : " (data in " + o.dataDir() + ")"), t);

        t = System.nanoTime();
        controlPlane = new LocalControlPlane(0);
        parts.add(controlPlane);
        progress("control plane (SSM Parameter Store, EventBridge): " + controlPlane.url(), t);

        t = System.nanoTime();
        int sfnPort = freePort();
        String sfnUrl = "http://127.0.0.1:" + sfnPort;
        Map<String, String> queueUrls = Map.of(Stages.governanceQueue(STAGE), queue, Stages.governanceDeadLetterQueue(STAGE), dlq,
                Stages.auditDigestQueue(STAGE), digestQueue, Stages.auditDigestDeadLetterQueue(STAGE), digestDlq);
        // The audit digest key stands in as a local key pair, kept with the data when there is a data directory.
        Path keys = (o.dataDir() != null ? o.dataDir() : o.logDir().resolveSibling("data")).resolve("keys");
        List<DeployedFunction> deployed = DeployedFunctions.read(template, aws.region().id(), ACCOUNT, queueUrls, keys);
        Map<String, String> lambdaEnvironment = lambdaEnvironment(aws, sfnUrl);
        o.endpointOverrides().forEach((service, url) -> lambdaEnvironment.put(ConfigKey.endpointVariable(service), url));
        lambdas = new LambdaHost(deployed, lambdaEnvironment, o.logDir().resolveSibling("lambda-tasks"),
                o.logDir().resolve("functions"), o.maxEnvironments(), 0);
        parts.add(lambdas);
        if (o.prewarm()) {
            lambdas.prewarm(2);
        }
        progress(deployed.size() + " functions, each from its artifact in cdk.out in its own runtime, local Lambda endpoint: "
                + lambdas.url() + (o.prewarm() ? "" : " (each started on its first invocation)"), t);

        t = System.nanoTime();
        LocalEventRules rules = LocalEventRules.read(template, queueUrls, aws.region().id(), ACCOUNT);
        deliveries = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        parts.add(deliveries::shutdownNow);
        controlPlane.onEvent(entry -> {
            JsonNode event = LocalEventRules.envelope(entry, aws.region().id(), ACCOUNT);
            for (LocalEventRules.Route r : rules.routes()) {
                if (!r.matches(event)) {
                    continue;
                }
                if (r.queueUrl() != null) {
                    sqs.sendMessage(b -> b.queueUrl(r.queueUrl()).messageBody(event.toString()));
                } else {
                    deliveries.submit(() -> deliver(r, event));
                }
            }
        });
        schedules = rules.schedules();
        scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "local-schedules");
            thread.setDaemon(true);
            return thread;
        });
        parts.add(scheduler::shutdownNow);
        for (LocalEventRules.Scheduled s : schedules) {
            scheduler.scheduleAtFixedRate(() -> runScheduled(s), s.period().toMillis(), s.period().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        progress("EventBridge rules: " + rules.routes().size() + " on events (" + rules.routes().stream().map(LocalEventRules.Route::rule).toList()
                + "), " + schedules.size() + " on a schedule ("
                + schedules.stream().map(s -> s.functionName() + " every " + s.period().toMinutes() + " min").toList() + ")", t);

        t = System.nanoTime();
        Supervised sfn = new Supervised("step-functions", List.of("node", "--import", o.polyfill().toUri().toString(), o.nodeScript().toString()),
                Map.of("SFN_PORT", Integer.toString(sfnPort), "TEMPLATE", template.toString(), "LAMBDA_ENDPOINT", lambdas.url(),
                        "SQS_ENDPOINT", aws.sqs().toString(), "QUEUE_URLS", dev.tandem.contracts.json.Json.write(queueUrls),
                        "REGION", aws.region().id(), "ACCOUNT", ACCOUNT, "EVENTS_ENDPOINT", controlPlane.url()),
                o.logDir().resolve("step-functions.log"), false, say);
        parts.add(sfn);
        sfn.start();
        sfn.awaitHttp(sfnUrl, Duration.ofSeconds(30));
        progress("Step Functions (aws-local-stepfunctions, every state machine of " + template.getFileName() + "): " + sfnUrl, t);

        t = System.nanoTime();
        int agentPort = freePort();
        Map<String, String> agentEnv = new LinkedHashMap<>();
        agentEnv.put("AWS_REGION", aws.region().id());
        agentEnv.put(ConfigKey.ACCESS_KEY_ID.environmentVariable(), aws.accessKeyId());
        agentEnv.put(ConfigKey.SECRET_ACCESS_KEY.environmentVariable(), aws.secretAccessKey());
        agentEnv.put(ConfigKey.endpointVariable("dynamodb"), aws.dynamoDb().toString());
        agentEnv.put(ConfigKey.endpointVariable("sqs"), aws.sqs().toString());
        agentEnv.put(ConfigKey.endpointVariable("s3"), aws.s3().toString());
        agentEnv.put(ConfigKey.endpointVariable("sfn"), sfnUrl);
        agentEnv.put(ConfigKey.endpointVariable("ssm"), controlPlane.url());
        agentEnv.put(Tables.JOBS.environmentVariable(), tables.get(Tables.JOBS.logicalName()));
        agentEnv.put(Tables.CASES.environmentVariable(), tables.get(Tables.CASES.logicalName()));
        agentEnv.put(Tables.AUDIT.environmentVariable(), tables.get(Tables.AUDIT.logicalName()));
        agentEnv.put(ConfigKey.AGENT_QUEUE_URL.environmentVariable(), queue);
        agentEnv.put(ConfigKey.AGENT_WAIT_TIME.environmentVariable(), "2s");
        // A crashed agent's message reappears after 10 s locally (60 s in AWS).
        agentEnv.put(ConfigKey.AGENT_VISIBILITY_TIMEOUT.environmentVariable(), "10s");
        agentEnv.put(ConfigKey.AGENT_HEARTBEAT_INTERVAL.environmentVariable(), "3s");
        agentEnv.put(ConfigKey.AGENT_SHUTDOWN_GRACE.environmentVariable(), "10s");
        agentEnv.put(ConfigKey.KILL_SWITCH_PREFIX.environmentVariable(), Stages.killSwitchPrefix(STAGE));
        agentEnv.put(ConfigKey.KILL_SWITCH_CACHE_TTL.environmentVariable(), "1s");
        agentEnv.put(ConfigKey.AGENT_PORT.environmentVariable(), Integer.toString(agentPort));
        String java = ProcessHandle.current().info().command().orElse("java");
        // The agent's class path: its jar and the pipelines' jars, as its image carries them (/app/pipelines).
        List<String> agentClasspath = new ArrayList<>(List.of(o.agentJar().toString()));
        DeployedFunctions.layerJars(template).forEach(j -> agentClasspath.add(j.toString()));
        agent = new Supervised("agent", List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, agentClasspath), "dev.tandem.agent.Application"), agentEnv,
                o.logDir().resolve("agent.log"), true, say);
        parts.add(agent);
        agent.start();
        String agentUrl = "http://127.0.0.1:" + agentPort;
        agent.awaitHttp(agentUrl + "/ready", Duration.ofSeconds(60));
        progress("agent (its own process, restarted if it dies): " + agentUrl, t);

        t = System.nanoTime();
        LocalIdentity identity = new LocalIdentity("https://tandem.local/identity");
        ApiFront api = new ApiFront(o.apiPort(), lambdas, STAGE, identity, say);
        parts.add(api);
        progress("API: " + api.url() + "/v1 (Cognito-style JWTs from the local identity provider)", t);

        endpoints = new Endpoints(api.url(), lambdas.url(), sfnUrl, controlPlane.url(), agentUrl, aws, queue, dlq, bucket, tables,
                template.toAbsolutePath().getParent());
    }

    /**
     * What Lambda's environment adds to each function's own variables, and the local stack's endpoint
     * overrides (the only variables a deployed function does not get).
     */
    private Map<String, String> lambdaEnvironment(AwsEndpoints aws, String sfnUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", aws.region().id());
        env.put("AWS_DEFAULT_REGION", aws.region().id());
        env.put("AWS_ACCESS_KEY_ID", aws.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", aws.secretAccessKey());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put(ConfigKey.endpointVariable("dynamodb"), aws.dynamoDb().toString());
        env.put(ConfigKey.endpointVariable("s3"), aws.s3().toString());
        env.put(ConfigKey.endpointVariable("sqs"), aws.sqs().toString());
        env.put(ConfigKey.endpointVariable("sfn"), sfnUrl);
        env.put(ConfigKey.endpointVariable("ssm"), controlPlane.url());
        env.put(ConfigKey.endpointVariable("eventbridge"), controlPlane.url());
        // Locally a kill switch takes effect within a second (in AWS within the 10 s the contract allows).
        env.put(ConfigKey.KILL_SWITCH_CACHE_TTL.environmentVariable(), "1s");
        return env;
    }

    private Map<String, String> tables(DynamoDbClient dynamoDb) {
        Set<String> existing = Set.copyOf(dynamoDb.listTables().tableNames());
        Map<String, String> names = new LinkedHashMap<>();
        for (TableSpec spec : Tables.ALL) {
            String name = spec.physicalName(Stages.prefix(STAGE));
            if (!existing.contains(name)) {
                Provisioning.createTables(dynamoDb, Stages.prefix(STAGE), List.of(spec));
            }
            names.put(spec.logicalName(), name);
        }
        return names;
    }

    private void progress(String what, long startedNanos) {
        say.accept(String.format(Locale.ROOT, "  up  %-110s %6d ms", what, (System.nanoTime() - startedNanos) / 1_000_000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Runs every scheduled function of the template now, as its schedule would (the audit digest writer, for one),
     * and returns what each answered; tests and {@code scripts/verify-audit} use it rather than wait for the period.
     */
    public synchronized List<String> runSchedules() {
        List<String> out = new ArrayList<>();
        for (LocalEventRules.Scheduled s : schedules) {
            out.add(runScheduled(s));
        }
        return out;
    }

    /**
     * Delivers an event to a rule's function as EventBridge does: asynchronously, again on a function error (three
     * attempts here, a few seconds apart; EventBridge retries for up to a day and then dead-letters it).
     */
    private void deliver(LocalEventRules.Route route, JsonNode event) {
        byte[] payload = event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                var invocation = lambdas.invoke(route.functionName(), payload);
                if (invocation.functionError() == null) {
                    return;
                }
                say.accept("rule " + route.rule() + ": " + route.functionName() + " failed (attempt " + attempt + "): "
                        + new String(invocation.payload(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                say.accept("rule " + route.rule() + ": " + route.functionName() + " failed (attempt " + attempt + "): " + e.getMessage());
            }
            try {
                Thread.sleep(2_000L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized String runScheduled(LocalEventRules.Scheduled s) {
        try {
            var invocation = lambdas.invoke(s.functionName(),
                    LocalEventRules.scheduledEvent(s.rule(), endpoints.aws().region().id(), ACCOUNT).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String out = new String(invocation.payload(), java.nio.charset.StandardCharsets.UTF_8);
            if (invocation.functionError() != null) {
                say.accept("scheduled " + s.functionName() + " failed: " + out);
            }
            return out;
        } catch (RuntimeException e) {
            say.accept("scheduled " + s.functionName() + " failed: " + e.getMessage());
            return "error: " + e.getMessage();
        }
    }

    /**
     * Writes where the local engines answer and the GetJobAudit function's resolved configuration to {@code file}
     * (removed when the stack stops), so {@code scripts/verify-audit --local} reads the trail as it would in a stage.
     */
    public void writeLocalEndpoints(Path file) throws IOException {
        var audit = lambdas.functions().stream()
                .filter(f -> f.name().equals(Stages.functionName(STAGE, dev.tandem.contracts.infra.TandemFunction.GET_JOB_AUDIT.logicalName())))
                .findFirst().orElseThrow();
        var json = dev.tandem.contracts.json.Json.mapper().createObjectNode();
        json.put("api", endpoints.api());
        json.put("region", endpoints.aws().region().id());
        json.put("accessKeyId", endpoints.aws().accessKeyId());
        json.put("secretAccessKey", endpoints.aws().secretAccessKey());
        json.putObject("endpoints").put("dynamodb", endpoints.aws().dynamoDb().toString()).put("s3", endpoints.aws().s3().toString());
        json.set("environment", dev.tandem.contracts.json.Json.tree(audit.environment()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json.toPrettyString());
        parts.add(() -> Files.deleteIfExists(file));
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public LocalControlPlane controlPlane() {
        return controlPlane;
    }

    /** The functions, each from its deployment artifact. */
    public LambdaHost lambdas() {
        return lambdas;
    }

    public Supervised agent() {
        return agent;
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                say.accept("stopping a part failed: " + e.getMessage());
            }
        }
        parts.clear();
    }
}
