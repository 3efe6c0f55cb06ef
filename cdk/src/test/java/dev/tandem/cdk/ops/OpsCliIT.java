package dev.tandem.cdk.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tandem.contracts.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The operations CLI with the real SDK clients against a WireMock fake of the Lambda, Step Functions,
 * ECS and SSM APIs, asserting the exact calls it makes, on success and on a failure midway.
 */
class OpsCliIT {

    private static final String ACCOUNT = "111122223333";
    private static final String SM = "arn:aws:states:eu-west-1:" + ACCOUNT + ":stateMachine:tandem-dev-document-compliance";
    private static final String SM_ALIAS = SM + ":live";
    private static final String TASK_DEF = "arn:aws:ecs:eu-west-1:" + ACCOUNT + ":task-definition/tandem-dev-agent:";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final StageNames NAMES = new StageNames("dev");

    private final WireMockServer aws = new WireMockServer(options().dynamicPort());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        aws.start();
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    private int run(String... args) {
        return OpsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> OpsClients.create(URI.create(aws.baseUrl()), Region.EU_WEST_1,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"))), CLOCK);
    }

    // ---- fakes ----

    private static ReleaseManifest manifest(String version, String note) {
        Map<String, String> functions = new TreeMap<>();
        NAMES.functions().forEach(f -> functions.put(f, version));
        return new ReleaseManifest("dev", Instant.parse("2026-11-2" + version + "T10:00:00Z"), functions, Map.of(SM_ALIAS, SM + ":" + version),
                TASK_DEF + version, "sha256:" + version.repeat(64), "1.0.0+74b68edaf1ea", "embedded-lexicon@1.0.0", null, note);
    }

    private void history(ReleaseManifest... manifests) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode parameters = body.putArray("Parameters");
        for (int i = 0; i < manifests.length; i++) {
            parameters.addObject().put("Name", NAMES.manifestParameter()).put("Type", "String").put("Version", i + 1)
                    .put("Value", Json.write(manifests[i]));
        }
        target("AmazonSSM.GetParameterHistory", 200, body.toString());
        target("AmazonSSM.PutParameter", 200, "{\"Version\":" + (manifests.length + 1) + ",\"Tier\":\"Standard\"}");
    }

    private void target(String target, int status, String body) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    private void live(String functionVersion, String stateMachineVersion, String taskDefinition, String rolloutState) {
        aws.stubFor(get(urlPathMatching("/2015-03-31/functions/tandem-dev-[A-Za-z-]+/aliases/live")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Name\":\"live\",\"FunctionVersion\":\"" + functionVersion + "\",\"AliasArn\":\"arn:aws:lambda:eu-west-1:"
                        + ACCOUNT + ":function:x:live\"}")));
        aws.stubFor(get(urlPathMatching("/2015-03-31/functions/tandem-dev-[A-Za-z-]+/configuration")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"FunctionName\":\"x\",\"Version\":\"6\"}")));
        aws.stubFor(put(urlPathMatching("/2015-03-31/functions/tandem-dev-[A-Za-z-]+/aliases/live")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"Name\":\"live\",\"FunctionVersion\":\"6\"}")));
        target("AWSStepFunctions.DescribeStateMachineAlias", 200, "{\"stateMachineAliasArn\":\"" + SM_ALIAS + "\",\"name\":\"live\","
                + "\"routingConfiguration\":[{\"stateMachineVersionArn\":\"" + SM + ":" + stateMachineVersion + "\",\"weight\":100}]}");
        target("AWSStepFunctions.UpdateStateMachineAlias", 200, "{\"updateDate\":1795000000}");
        String deployments = rolloutState == null
                ? "[{\"status\":\"PRIMARY\",\"taskDefinition\":\"" + taskDefinition + "\",\"rolloutState\":\"COMPLETED\",\"runningCount\":2}]"
                : "[{\"status\":\"PRIMARY\",\"taskDefinition\":\"" + taskDefinition + "\",\"rolloutState\":\"" + rolloutState + "\",\"runningCount\":1},"
                        + "{\"status\":\"ACTIVE\",\"taskDefinition\":\"" + TASK_DEF + "6\",\"rolloutState\":\"COMPLETED\",\"runningCount\":1}]";
        target("AmazonEC2ContainerServiceV20141113.DescribeServices", 200, "{\"services\":[{\"serviceName\":\"tandem-dev-agent\","
                + "\"status\":\"ACTIVE\",\"taskDefinition\":\"" + taskDefinition + "\",\"runningCount\":2,\"desiredCount\":2,\"deployments\":"
                + deployments + "}],\"failures\":[]}");
        target("AmazonEC2ContainerServiceV20141113.UpdateService", 200, "{\"service\":{\"serviceName\":\"tandem-dev-agent\"}}");
    }

    private List<LoggedRequest> calls(String target) {
        return aws.findAll(anyRequestedFor(anyUrl()).withHeader("X-Amz-Target", equalTo(target)));
    }

    private List<LoggedRequest> aliasUpdates() {
        return aws.findAll(anyRequestedFor(urlPathMatching("/2015-03-31/functions/.*/aliases/live"))).stream()
                .filter(r -> r.getMethod().getName().equals("PUT")).toList();
    }

    private static JsonNode body(LoggedRequest r) {
        return Json.read(r.getBodyAsString(), JsonNode.class);
    }

    // ---- rollback ----

    @Test
    void rollback_toThePreviousRelease_movesEveryPart_andRecordsTheRollback() {
        history(manifest("6", "deploy"), manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", null);

        int code = run("rollback", "--stage", "dev");

        assertThat(code).as(err.toString()).isEqualTo(OpsCli.OK);
        List<LoggedRequest> updates = aliasUpdates();
        assertThat(updates).hasSize(NAMES.functions().size());
        assertThat(updates).allSatisfy(r -> assertThat(body(r).path("FunctionVersion").asText()).isEqualTo("6"));
        assertThat(updates).extracting(r -> r.getUrl().split("/")[3]).containsExactlyInAnyOrderElementsOf(
                NAMES.functions().stream().map(NAMES::function).toList());
        List<LoggedRequest> sm = calls("AWSStepFunctions.UpdateStateMachineAlias");
        assertThat(sm).hasSize(1);
        assertThat(body(sm.getFirst()).path("stateMachineAliasArn").asText()).isEqualTo(SM_ALIAS);
        assertThat(body(sm.getFirst()).at("/routingConfiguration/0/stateMachineVersionArn").asText()).isEqualTo(SM + ":6");
        assertThat(body(sm.getFirst()).at("/routingConfiguration/0/weight").asInt()).isEqualTo(100);
        List<LoggedRequest> ecs = calls("AmazonEC2ContainerServiceV20141113.UpdateService");
        assertThat(ecs).hasSize(1);
        assertThat(body(ecs.getFirst()).path("taskDefinition").asText()).isEqualTo(TASK_DEF + "6");
        assertThat(body(ecs.getFirst()).path("cluster").asText()).isEqualTo("tandem-dev-agent");
        List<LoggedRequest> recorded = calls("AmazonSSM.PutParameter");
        assertThat(recorded).hasSize(1);
        ReleaseManifest after = Json.read(body(recorded.getFirst()).path("Value").asText(), ReleaseManifest.class);
        assertThat(after.note()).isEqualTo("rollback to manifest version 1");
        assertThat(after.taskDefinition()).isEqualTo(TASK_DEF + "6");
        // Every function's alias, the state machine alias and the agent service.
        assertThat(out.toString()).contains("Rolled back " + (NAMES.functions().size() + 2) + " change(s); recorded as release manifest version 3");
    }

    @Test
    void rollback_ofOnePipeline_movesOnlyItsFunctionsAndStateMachine_andRecordsTheRestAsItRuns() {
        ReleaseManifest before = withPipelineVersion(manifest("6", "deploy"), "model@1.0.0");
        ReleaseManifest now = withPipelineVersion(manifest("7", "deploy"), "model@1.1.0");
        history(before, now);
        live("7", "7", TASK_DEF + "7", null);

        int code = run("rollback", "--stage", "dev", "--pipeline", "document-compliance");

        assertThat(code).as(err.toString()).isEqualTo(OpsCli.OK);
        List<String> pipelineFunctions = NAMES.functions().stream().filter(f -> f.startsWith("document-compliance/")).map(NAMES::function).toList();
        assertThat(pipelineFunctions).isNotEmpty();
        assertThat(aliasUpdates()).extracting(r -> r.getUrl().split("/")[3]).containsExactlyInAnyOrderElementsOf(pipelineFunctions);
        assertThat(calls("AWSStepFunctions.UpdateStateMachineAlias")).hasSize(1);
        assertThat(calls("AmazonEC2ContainerServiceV20141113.UpdateService")).as("the agent serves every pipeline").isEmpty();
        ReleaseManifest after = Json.read(body(calls("AmazonSSM.PutParameter").getFirst()).path("Value").asText(), ReleaseManifest.class);
        assertThat(after.note()).isEqualTo("rollback of document-compliance to manifest version 1");
        assertThat(after.functions()).allSatisfy((key, version) ->
                assertThat(version).as(key).isEqualTo(key.startsWith("document-compliance/") ? "6" : "7"));
        assertThat(after.taskDefinition()).isEqualTo(TASK_DEF + "7");
        assertThat(after.pipelineVersions()).containsEntry("document-compliance/model", "model@1.0.0");
        assertThat(out.toString()).contains("with them").contains("document-compliance/model").contains("model@1.0.0");
    }

    @Test
    void rollback_ofOnePipeline_refusesTheAgent_andAnUnknownPipeline_beforeAnyChange() {
        history(manifest("6", "deploy"), manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", null);

        assertThat(run("rollback", "--stage", "dev", "--pipeline", "document-compliance", "--only", "agent")).isEqualTo(OpsCli.FAILED);
        assertThat(err.toString()).contains("the agent serves every pipeline").contains("-c policyVersions=document-compliance/");
        assertThat(run("rollback", "--stage", "dev", "--pipeline", "claims")).isEqualTo(OpsCli.FAILED);
        assertThat(err.toString()).contains("deploys no pipeline claims");
        assertThat(aliasUpdates()).isEmpty();
        assertThat(calls("AmazonSSM.PutParameter")).isEmpty();
    }

    private static ReleaseManifest withPipelineVersion(ReleaseManifest m, String version) {
        return new ReleaseManifest(m.stage(), m.recordedAt(), m.functions(), m.stateMachines(), m.taskDefinition(), m.agentImageDigest(),
                m.policyBundle(), m.model(), m.promptVersion(), m.note(), Map.of("document-compliance/model", version));
    }

    @Test
    void rollback_dryRun_printsThePlan_andChangesNothing() {
        history(manifest("6", "deploy"), manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", null);

        assertThat(run("rollback", "--stage", "dev", "--only", "agent,state-machine", "--dry-run")).isEqualTo(OpsCli.OK);

        assertThat(out.toString()).contains("AGENT").contains(TASK_DEF + "7 -> " + TASK_DEF + "6").contains("STATE_MACHINE")
                .doesNotContain("FUNCTIONS").contains("dry run: nothing changed");
        assertThat(aliasUpdates()).isEmpty();
        assertThat(calls("AWSStepFunctions.UpdateStateMachineAlias")).isEmpty();
        assertThat(calls("AmazonEC2ContainerServiceV20141113.UpdateService")).isEmpty();
        assertThat(calls("AmazonSSM.PutParameter")).isEmpty();
    }

    @Test
    void rollback_failingMidway_reportsWhatMovedAndHowToFinishOrUndo_andMovesNothingElse() {
        history(manifest("6", "deploy"), manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", null);
        aws.stubFor(put(urlPathEqualTo("/2015-03-31/functions/tandem-dev-document-compliance-Finalize/aliases/live")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ResourceConflictException")
                .withBody("{\"Type\":\"User\",\"message\":\"The operation cannot be performed at this time. An update is in progress\"}")));

        int code = run("rollback", "--stage", "dev");

        assertThat(code).isEqualTo(OpsCli.FAILED);
        // Functions move in key order (the platform's, then each pipeline's): everything up to Finalize moved, Finalize failed.
        List<String> order = new TreeMap<>(manifest("6", "deploy").functions()).keySet().stream().map(NAMES::function).toList();
        assertThat(aliasUpdates()).extracting(r -> r.getUrl().split("/")[3])
                .containsExactlyElementsOf(order.subList(0, order.indexOf("tandem-dev-document-compliance-Finalize") + 1));
        assertThat(calls("AWSStepFunctions.UpdateStateMachineAlias")).isEmpty();
        assertThat(calls("AmazonEC2ContainerServiceV20141113.UpdateService")).isEmpty();
        assertThat(calls("AmazonSSM.PutParameter")).as("a partial rollback is not recorded as a release").isEmpty();
        assertThat(err.toString())
                .contains("the rollback stopped at FUNCTIONS").contains("tandem-dev-document-compliance-Finalize").contains("update is in progress")
                .contains("moved (now on the target release):").contains("tandem-dev-document-compliance-Extract")
                .contains("not moved:").contains("STATE_MACHINE").contains("AGENT")
                .contains("scripts/rollback --to 1").contains("To undo").contains("scripts/rollback --to 2");
    }

    @Test
    void rollback_duringACanary_isRefusedBeforeAnyChange() {
        history(manifest("6", "deploy"), manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", null);
        aws.stubFor(get(urlPathEqualTo("/2015-03-31/functions/tandem-dev-document-compliance-Assess/aliases/live")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Name\":\"live\",\"FunctionVersion\":\"7\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"8\":0.1}}}")));

        assertThat(run("rollback", "--stage", "dev")).isEqualTo(OpsCli.FAILED);

        assertThat(err.toString()).contains("tandem-dev-document-compliance-Assess is in a canary deployment").contains("wait for CodeDeploy");
        assertThat(aliasUpdates()).isEmpty();
        assertThat(calls("AmazonEC2ContainerServiceV20141113.UpdateService")).isEmpty();
    }

    @Test
    void rollback_duringAnAgentDeployment_isRefusedBeforeAnyChange() {
        history(manifest("6", "deploy"), manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", "IN_PROGRESS");

        assertThat(run("rollback", "--stage", "dev")).isEqualTo(OpsCli.FAILED);

        assertThat(err.toString()).contains("has a deployment in progress");
        assertThat(aliasUpdates()).isEmpty();
        assertThat(calls("AWSStepFunctions.UpdateStateMachineAlias")).isEmpty();
    }

    @Test
    void rollback_withOnlyOneRelease_saysThereIsNothingToReturnTo() {
        history(manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", null);

        assertThat(run("rollback", "--stage", "dev")).isEqualTo(OpsCli.FAILED);

        assertThat(err.toString()).contains("only one recorded release").contains("no previous version");
        assertThat(aliasUpdates()).isEmpty();
    }

    @Test
    void rollback_ofAStageThatIsNotDeployed_saysHowToDeploy() {
        target("AmazonSSM.GetParameterHistory", 400, "{\"__type\":\"ParameterNotFound\",\"message\":\"not found\"}");

        assertThat(run("rollback", "--stage", "dev")).isEqualTo(OpsCli.FAILED);

        assertThat(err.toString()).contains("has no release manifest").contains("scripts/deploy --stage dev");
    }

    @Test
    void withoutCredentials_everyCommandSaysHowToProvideThem() {
        int code = OpsCli.run(new String[] {"status", "--stage", "dev"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> OpsClients.create(URI.create(aws.baseUrl()), Region.EU_WEST_1, ProfileCredentialsProvider.create("tandem-no-such-profile")),
                CLOCK);

        assertThat(code).isEqualTo(OpsCli.FAILED);
        assertThat(err.toString()).contains("no AWS credentials").contains("AWS_PROFILE")
                .as("no SDK internals (provider chains, object ids)").doesNotContain("@").doesNotContain("software.amazon");
        assertThat(aws.getAllServeEvents()).isEmpty();
    }

    @Test
    void help_printsTheUsage_andVerifyAuditSaysWhatToVerify() {
        assertThat(OpsCli.run(new String[] {"status", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> {
                    throw new AssertionError("no client for --help");
                }, CLOCK)).isEqualTo(OpsCli.OK);
        assertThat(out.toString()).contains("Usage: tandem-ops status").contains("--stage=S").contains("-h, --help");
        out.reset();
        assertThat(run("--help")).isEqualTo(OpsCli.OK);
        assertThat(out.toString()).contains("status").contains("kill-switch").contains("record-release").contains("rollback")
                .contains("verify-audit");
        assertThat(run()).as("no command").isEqualTo(OpsCli.USAGE);
        assertThat(run("status", "--stage")).as("an option without its value").isEqualTo(OpsCli.USAGE);
        assertThat(err.toString()).contains("error: ").contains("--stage");
        assertThat(run("unknown-command", "--stage", "dev")).isEqualTo(OpsCli.USAGE);

        assertThat(run("verify-audit", "--stage", "dev")).isEqualTo(OpsCli.USAGE);
        assertThat(err.toString()).contains("say what to verify: --job JOB_ID or --digests");
    }

    @Test
    void verifyAudit_local_needsNoAwsClient_andSaysWhenNoLocalStackRuns() {
        int code = OpsCli.run(new String[] {"verify-audit", "--local", "--job", "abc"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> {
                    throw new AssertionError("--local reads the local stack's file, not AWS");
                }, CLOCK);

        assertThat(code).isEqualTo(OpsCli.FAILED);
        assertThat(err.toString()).contains("no local stack is running").contains("./scripts/dev");
    }

    // ---- kill switch, status, release manifest ----

    @Test
    void killSwitch_on_writesThePipelinesParameter() {
        target("AmazonSSM.PutParameter", 200, "{\"Version\":4,\"Tier\":\"Standard\"}");

        assertThat(run("kill-switch", "--stage", "dev", "on")).isEqualTo(OpsCli.OK);

        JsonNode put = body(calls("AmazonSSM.PutParameter").getFirst());
        assertThat(put.path("Name").asText()).isEqualTo("/tandem/dev/kill-switch/document-compliance");
        assertThat(put.path("Value").asText()).isEqualTo("on");
        assertThat(put.path("Overwrite").asBoolean()).isTrue();
        assertThat(out.toString()).contains("within 10 s").contains("503");
        assertThat(run("kill-switch", "--stage", "dev", "maybe")).isEqualTo(OpsCli.USAGE);
    }

    @Test
    void status_showsAliasesStateMachineRoutesAgentDeploymentsAndKillSwitches() {
        history(manifest("6", "deploy"), manifest("7", "deploy"));
        live("7", "7", TASK_DEF + "7", null);
        target("AmazonSSM.GetParameter", 200, "{\"Parameter\":{\"Name\":\"/tandem/dev/kill-switch/document-compliance\",\"Value\":\"off\",\"Version\":1}}");

        assertThat(run("status", "--stage", "dev")).as(err.toString()).isEqualTo(OpsCli.OK);

        assertThat(out.toString()).contains("release: manifest version 2").contains("SubmitJob").contains("100% -> " + SM + ":7")
                .contains("2 running / 2 desired, task definition " + TASK_DEF + "7").contains("rollout COMPLETED")
                .contains("document-compliance").contains("off");
    }

    @Test
    void recordRelease_capturesWhatIsLive() {
        target("AmazonSSM.PutParameter", 200, "{\"Version\":8,\"Tier\":\"Standard\"}");
        live("9", "9", TASK_DEF + "9", null);

        assertThat(run("record-release", "--stage", "dev", "--state-machine-alias-arns", "document-compliance=" + SM_ALIAS, "--image-digest", "sha256:" + "c".repeat(64),
                "--policy-bundle", "1.0.0+74b68edaf1ea", "--model", "embedded-lexicon@1.0.0", "--model-endpoints", "document-compliance=dc-scorer"))
                .as(err.toString()).isEqualTo(OpsCli.OK);

        JsonNode put = body(calls("AmazonSSM.PutParameter").getFirst());
        assertThat(put.path("Name").asText()).isEqualTo("/tandem/dev/release");
        ReleaseManifest m = Json.read(put.path("Value").asText(), ReleaseManifest.class);
        assertThat(m.functions()).hasSize(NAMES.functions().size()).allSatisfy((name, version) -> assertThat(version).isEqualTo("9"));
        assertThat(m.stateMachines()).containsExactly(Map.entry(SM_ALIAS, SM + ":9"));
        assertThat(m.taskDefinition()).isEqualTo(TASK_DEF + "9");
        assertThat(m.policyBundle()).isEqualTo("1.0.0+74b68edaf1ea");
        assertThat(m.pipelineVersions()).containsEntry("document-compliance/" + Releases.MODEL_ENDPOINT, "sagemaker:dc-scorer");
        assertThat(out.toString()).contains("recorded release manifest version 8");

        assertThat(run("record-release", "--stage", "dev", "--state-machine-alias-arns", "document-compliance=" + SM_ALIAS, "--image-digest",
                "sha256:" + "c".repeat(64), "--policy-bundle", "1.0.0+74b68edaf1ea", "--model", "embedded-lexicon@1.0.0",
                "--model-endpoints", "claims-triage=scorer")).isEqualTo(OpsCli.USAGE);
        assertThat(err.toString()).contains("--model-endpoints takes pipeline=endpoint").contains("claims-triage");
        assertThat(run("record-release", "--stage", "dev", "--state-machine-alias-arns", "document-compliance=" + SM_ALIAS, "--image-digest",
                "sha256:" + "c".repeat(64), "--policy-bundle", "1.0.0+74b68edaf1ea", "--model", "embedded-lexicon@1.0.0",
                "--model-endpoints", "dc-scorer")).as("an endpoint without its pipeline").isEqualTo(OpsCli.USAGE);
        assertThat(err.toString()).contains("expected name=value[,...], got 'dc-scorer'");
    }

}
