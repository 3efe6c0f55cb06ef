package dev.tandem.pipelines.linemaintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.cdk.app.Artifacts;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.testsupport.StageTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The CDK app with both pipelines side by side, as a production stage: cdk-nag clean, this one's workflow valid ASL, its SLOs alarmed. */
class LineMaintenanceStackTest {

    /** The stage's hosted model for this pipeline (SageMaker keeps endpoint names' case; their ARNs are lower case). */
    private static final String ENDPOINT = "Line-Anomaly-Prod";

    private static TandemApp.Stacks stacks;
    private static JsonNode resources;

    @BeforeAll
    static void synth() {
        // Asset metadata on, as the CDK CLI synthesizes: it names each pipeline's nested stack template.
        App app = new App(AppProps.builder().context(Map.of("stage", "prod", "agentImageDigest", "sha256:" + "ab".repeat(32),
                "alarmEmail", "oncall@example.org", "aws:cdk:enable-asset-metadata", true,
                "modelEndpoints", LineMaintenancePipeline.NAME + "=" + ENDPOINT)).build());
        stacks = TandemApp.build(app, StageConfig.fromContext(app.getNode()), Artifacts.locate(), Pipelines.all());
        app.synth();
        // The stage as one template, its pipelines' nested stacks in place.
        resources = StageTemplate.flatten(Path.of(software.amazon.awscdk.Stage.of(stacks.tandem()).getOutdir(),
                stacks.tandem().getTemplateFile())).path("Resources");
    }

    private static List<JsonNode> ofType(String type) {
        List<JsonNode> out = new ArrayList<>();
        resources.forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                out.add(r.path("Properties"));
            }
        });
        return out;
    }

    @Test
    void bothPipelines_deploySideBySide_eachWithItsStateMachineAndFunctions() {
        assertThat(Pipelines.all()).extracting(PipelineDefinition::name).contains("document-compliance", LineMaintenancePipeline.NAME);
        assertThat(ofType("AWS::StepFunctions::StateMachine")).extracting(s -> s.path("StateMachineName").asText())
                .contains("tandem-prod-document-compliance", "tandem-prod-line-maintenance");
        assertThat(ofType("AWS::Lambda::Function")).extracting(f -> f.path("FunctionName").asText())
                .contains("tandem-prod-line-maintenance-Prepare", "tandem-prod-line-maintenance-ScoreMachine",
                        "tandem-prod-line-maintenance-Assess", "tandem-prod-line-maintenance-Finalize",
                        "tandem-prod-line-maintenance-RequestReview", "tandem-prod-line-maintenance-MarkFailed");
        // CloudFormation takes 500 resources a stack (the synth above refuses more); each pipeline is a nested stack.
        List<software.amazon.awscdk.Stack> each = new ArrayList<>(List.of(stacks.tandem()));
        each.addAll(stacks.tandem().pipelines());
        for (software.amazon.awscdk.Stack stack : each) {
            int count = Json.tree(Template.fromStack(stack).toJSON()).path("Resources").size();
            System.out.printf("%s: %d resources of CloudFormation's 500%n", stack.getNode().getPath(), count);
            assertThat(count).as(stack.getNode().getPath()).isLessThanOrEqualTo(500);
        }
        System.out.printf("Tandem-prod with %d pipelines: %d resources in all%n", Pipelines.all().size(), resources.size());
    }

    @Test
    void cdkNag_reportsNoUnsuppressedErrors() {
        for (var stack : List.of(stacks.tandem(), stacks.bootstrap())) {
            Annotations annotations = Annotations.fromStack(stack);
            assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).as(stack.getStackName()).isEmpty();
            assertThat(annotations.findError("*", Match.stringLikeRegexp("Serverless-.*"))).as(stack.getStackName()).isEmpty();
            assertThat(annotations.findWarning("*", Match.stringLikeRegexp(".*CdkNagValidationFailure.*"))).as(stack.getStackName()).isEmpty();
        }
    }

    @Test
    void theDecisionLatencySlo_andTheDecideSteps_areAlarmed_andPage() {
        JsonNode decision = alarm("tandem-prod-LineMaintenanceTimeToDecisionSlo");
        assertThat(decision.path("Threshold").asDouble()).isEqualTo(LineMaintenanceBlueprint.DECISION_SLO.toMillis());
        assertThat(decision.at("/Metrics/0/MetricStat/Metric/MetricName").asText()).isEqualTo("JobTimeToDecision");
        assertThat(decision.at("/Metrics/0/MetricStat/Stat").asText()).isEqualTo("p99");
        assertThat(decision.path("AlarmActions")).isNotEmpty();
        JsonNode step = alarm("tandem-prod-LineMaintenanceDecideSlo");
        assertThat(step.path("Threshold").asDouble()).isEqualTo(LineMaintenanceBlueprint.blueprint().step("Decide").profile().latencySlo().toMillis());
    }

    @Test
    void submissionEvents_reachSubmitFromEvent_withRetriesAndADeadLetterQueue_andRefusalsAreAlarmed() {
        JsonNode rule = ofType("AWS::Events::Rule").stream()
                .filter(r -> r.at("/EventPattern/detail-type/0").asText().equals(dev.tandem.contracts.infra.JobEventNames.SUBMIT))
                .findFirst().orElseThrow(() -> new AssertionError("no rule for submission events"));
        assertThat(rule.at("/Targets/0/Arn").toString()).contains("SubmitFromEvent");
        assertThat(rule.at("/Targets/0/DeadLetterConfig/Arn").isMissingNode()).isFalse();
        assertThat(rule.at("/Targets/0/RetryPolicy/MaximumRetryAttempts").asInt()).isEqualTo(10);
        JsonNode refused = alarm("tandem-prod-LineMaintenanceSubmissionEventsRejected");
        assertThat(refused.at("/Metrics/0/MetricStat/Metric/MetricName").asText()).isEqualTo("SubmissionEventsRejected");
        assertThat(refused.path("AlarmActions")).isNotEmpty();
        // The reference pipeline takes no events: no refusal alarm for it.
        assertThat(ofType("AWS::CloudWatch::Alarm")).noneMatch(a -> a.path("AlarmName").asText().equals("tandem-prod-DocumentComplianceSubmissionEventsRejected"));
    }

    @Test
    void itsStateMachine_isValidAsl(@TempDir Path dir) throws IOException, InterruptedException {
        JsonNode machine = ofType("AWS::StepFunctions::StateMachine").stream()
                .filter(s -> s.path("StateMachineName").asText().equals("tandem-prod-line-maintenance")).findFirst().orElseThrow();
        String definition = machine.path("DefinitionString").isTextual() ? machine.path("DefinitionString").asText()
                : definitionOf(machine.path("DefinitionString"));
        // What Step Functions receives after the template's substitutions: placeholders stand for ARNs and URLs.
        definition = definition.replaceAll("\\$\\{[A-Za-z0-9]+}", "arn:aws:lambda:eu-west-1:111122223333:function:f:live");
        Path validator = Artifacts.root(Path.of("").toAbsolutePath()).resolve("node_modules/asl-validator/dist/bin/asl-validator.js");
        assertThat(validator).as("asl-validator is installed by the project (npm ci, run by scripts/test)").exists();
        Path file = dir.resolve("line-maintenance.asl.json");
        Files.writeString(file, definition);
        Process p = new ProcessBuilder("node", validator.toString(), "--json-path", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Json.read(definition, JsonNode.class).at("/States/Decide/Resource").asText()).isEqualTo("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
    }

    @Test
    void theStagesModelEndpoint_reachesScoreMachineAlone_itsNameAndInvokeEndpointOnThatEndpoint() {
        String variable = dev.tandem.contracts.infra.ConfigKey.MODEL_ENDPOINT.environmentVariable();
        List<JsonNode> named = ofType("AWS::Lambda::Function").stream().filter(f -> f.at("/Environment/Variables").has(variable)).toList();
        assertThat(named).singleElement().satisfies(f -> {
            assertThat(f.path("FunctionName").asText()).isEqualTo("tandem-prod-line-maintenance-ScoreMachine");
            assertThat(f.at("/Environment/Variables/" + variable).asText()).isEqualTo(ENDPOINT);
        });
        String scoreRole = named.getFirst().at("/Role/Fn::GetAtt/0").asText();
        List<String> roles = new ArrayList<>();
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                if (statement.path("Action").toString().contains("sagemaker:")) {
                    assertThat(statement.path("Action").asText()).isEqualTo("sagemaker:InvokeEndpoint");
                    assertThat(statement.path("Resource").toString()).endsWith(":endpoint/line-anomaly-prod\"]]}");
                    policy.path("Roles").forEach(r -> roles.add(r.path("Ref").asText()));
                }
            }
        }
        assertThat(roles).containsExactly(scoreRole);
    }

    private static JsonNode alarm(String name) {
        return ofType("AWS::CloudWatch::Alarm").stream().filter(a -> a.path("AlarmName").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + name));
    }

    /** A definition the template builds with Fn::Join: its literal parts (the references are placeholders in the ASL anyway). */
    private static String definitionOf(JsonNode joined) {
        StringBuilder out = new StringBuilder();
        for (JsonNode part : joined.at("/Fn::Join/1")) {
            out.append(part.isTextual() ? part.asText() : "arn:aws:lambda:eu-west-1:111122223333:function:f:live");
        }
        return out.toString();
    }
}
