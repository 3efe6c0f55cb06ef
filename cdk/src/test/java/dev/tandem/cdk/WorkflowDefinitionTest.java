package dev.tandem.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.cdk.orchestration.WorkflowDefinition;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.pipelines.documentcompliance.DocumentComplianceBlueprint;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.placement.PlacementAdvisor;
import dev.tandem.contracts.placement.PricingTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** The ASL generated from the blueprint: its shape, and validity by the asl-validator npm package. */
class WorkflowDefinitionTest {

    private static final PipelineDefinition PIPELINE = Pipelines.named(DocumentComplianceBlueprint.NAME);
    private static final Blueprint BLUEPRINT = PIPELINE.blueprint();
    private static final JsonNode ASL = Json.read(WorkflowDefinition.generate(PIPELINE, new PlacementAdvisor(PricingTable.defaults())),
            JsonNode.class);

    @Test
    void everyBlueprintStep_isAState_startingWhereTheBlueprintStarts() {
        assertThat(ASL.path("StartAt").asText()).isEqualTo(BLUEPRINT.startAt());
        for (Step step : BLUEPRINT.steps()) {
            assertThat(ASL.path("States").has(step.name())).as(step.name()).isTrue();
        }
        assertThat(ASL.path("States")).hasSize(BLUEPRINT.steps().size());
    }

    @Test
    void lambdaTasks_carryTheBlueprintsRetriesWithBackoffAndJitter_andTimeouts() {
        JsonNode extract = ASL.at("/States/Extract");
        assertThat(extract.path("Resource").asText()).isEqualTo("${Fn_Extract}");
        assertThat(extract.path("TimeoutSeconds").asInt()).isEqualTo(60);
        JsonNode retry = extract.at("/Retry/0");
        assertThat(retry.path("ErrorEquals")).extracting(JsonNode::asText).contains("Lambda.TooManyRequestsException", "Lambda.ServiceException");
        assertThat(retry.path("MaxAttempts").asInt()).isEqualTo(3);
        assertThat(retry.path("BackoffRate").asDouble()).isEqualTo(2.0);
        assertThat(retry.path("JitterStrategy").asText()).isEqualTo("FULL");
        assertThat(extract.path("ResultPath").asText()).isEqualTo("$.extract");
    }

    @Test
    void analyze_isAMapOverChunks_withMaxConcurrency() {
        JsonNode map = ASL.at("/States/Analyze");
        assertThat(map.path("Type").asText()).isEqualTo("Map");
        assertThat(map.path("ItemsPath").asText()).isEqualTo("$.extract.chunks");
        assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(8);
        assertThat(map.at("/ItemProcessor/States/AnalyzeChunk/Resource").asText()).isEqualTo("${Fn_AnalyzeChunk}");
        assertThat(map.path("ResultPath").asText()).isEqualTo("$.analysis");
    }

    @Test
    void routeByRisk_choosesTheGovernedOrTheFastPath() {
        JsonNode choice = ASL.at("/States/RouteByRisk");
        assertThat(choice.path("Type").asText()).isEqualTo("Choice");
        assertThat(choice.at("/Choices/0/Next").asText()).isEqualTo("Govern");
        assertThat(choice.at("/Choices/0/And/1/StringEquals").asText()).isEqualTo("GOVERNED");
        assertThat(choice.path("Default").asText()).isEqualTo("Finalize");
    }

    @Test
    void govern_sendsTheGovernTaskToTheAgentsQueue_andWaitsForItsToken_withHeartbeat() {
        JsonNode govern = ASL.at("/States/Govern");
        assertThat(govern.path("Resource").asText()).isEqualTo("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        assertThat(govern.path("HeartbeatSeconds").asInt()).isEqualTo(60);
        assertThat(govern.path("TimeoutSeconds").asInt()).isEqualTo(900);
        assertThat(govern.at("/Retry/0/ErrorEquals/0").asText()).isEqualTo("States.HeartbeatTimeout");
        // An agent outage: every attempt waits one heartbeat for an agent to take the message; the attempts together
        // outlast ten minutes without one, each within the step's own timeout.
        int attempts = 1 + govern.at("/Retry/0/MaxAttempts").asInt();
        assertThat(attempts * govern.path("HeartbeatSeconds").asInt()).as("seconds of outage ridden out").isGreaterThanOrEqualTo(600);
        assertThat(govern.at("/Retry/0/MaxDelaySeconds").asInt()).isLessThanOrEqualTo(govern.path("HeartbeatSeconds").asInt());
        JsonNode body = govern.at("/Parameters/MessageBody");
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> fields.add(f.replace(".$", "")));
        // Exactly the fields of the GovernTask contract the agent reads.
        List<String> contract = java.util.Arrays.stream(dev.tandem.contracts.pipeline.GovernTask.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        assertThat(fields).containsExactlyInAnyOrderElementsOf(contract);
        assertThat(body.path("taskToken.$").asText()).isEqualTo("$$.Task.Token");
        // The governed step's evidence and attributes, from the state paths it declares (Assess's result).
        assertThat(body.path("evidence.$").asText()).isEqualTo("$.assessment.findings");
        assertThat(body.at("/attributes/riskScore.$").asText()).isEqualTo("$.assessment.riskScore");
        assertThat(body.at("/attributes/findingTypes.$").asText()).isEqualTo("$.assessment.findingTypes");
        assertThat(govern.path("ResultPath").asText()).isEqualTo("$.decision");
    }

    @Test
    void humanReview_waitsForTheReviewersToken_andATimeoutContinuesToFinalize() {
        JsonNode review = ASL.at("/States/HumanReview");
        assertThat(review.path("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke.waitForTaskToken");
        assertThat(review.path("TimeoutSeconds").asInt()).isEqualTo(86_400);
        assertThat(review.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.Timeout");
        assertThat(review.at("/Catch/0/Next").asText()).isEqualTo("Finalize");
        assertThat(review.at("/Catch/0/ResultPath").asText()).isEqualTo("$.reviewError");
        // The library step learns its step name and how long the reviewer has from the workflow, not from a blueprint.
        assertThat(review.at("/Parameters/Payload/step").asText()).isEqualTo("HumanReview");
        assertThat(review.at("/Parameters/Payload/timeoutSeconds").asLong()).isEqualTo(86_400);
    }

    @Test
    void noStateCatchesErrors_butAReviewsTimeout_soAFailedExecutionStopsAtTheStateThatFailed_andCanBeRedrivenThere() {
        for (Step step : BLUEPRINT.steps()) {
            JsonNode catches = ASL.at("/States/" + step.name() + "/Catch");
            if (step.kind() == dev.tandem.contracts.blueprint.StepKind.WAIT_FOR_REVIEW) {
                assertThat(catches).as(step.name()).hasSize(1);
                assertThat(catches.at("/0/ErrorEquals")).as(step.name()).containsExactly(Json.mapper().getNodeFactory().textNode("States.Timeout"));
            } else {
                assertThat(catches.isMissingNode()).as(step.name()).isTrue();
            }
        }
        assertThat(ASL.toString()).doesNotContain("States.ALL").doesNotContain(BLUEPRINT.errorHandler().name())
                .doesNotContain("\"Type\":\"Fail\"");
        assertThat(WorkflowDefinition.functionHandlers(BLUEPRINT)).doesNotContain(BLUEPRINT.errorHandler().handler());
    }

    @Test
    void aContradictingBlueprint_isRefused() {
        assertThatThrownBy(() -> WorkflowDefinition.generate(Blueprints.governOnAFunction(), new PlacementAdvisor(PricingTable.defaults())))
                .hasMessageContaining("contradicts the placement advisor").hasMessageContaining("Govern");
    }

    static List<PipelineDefinition> pipelines() {
        List<PipelineDefinition> all = new ArrayList<>(Pipelines.all());
        all.add(new dev.tandem.contracts.pipeline.spi.ExamplePipeline());
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void everyPipelinesDefinition_isValidAsl(PipelineDefinition pipeline, @TempDir Path dir) throws IOException, InterruptedException {
        Path validator = dev.tandem.cdk.app.Artifacts.root(Path.of("").toAbsolutePath()).resolve("node_modules/asl-validator/dist/bin/asl-validator.js");
        assertThat(validator).as("asl-validator is installed by the project (npm ci, run by scripts/test)").exists();
        // What Step Functions receives after DefinitionSubstitutions.
        String definition = WorkflowDefinition.generate(pipeline, new PlacementAdvisor(PricingTable.defaults()));
        for (String handler : WorkflowDefinition.functionHandlers(pipeline.blueprint())) {
            definition = definition.replace("${" + WorkflowDefinition.functionPlaceholder(handler) + "}",
                    "arn:aws:lambda:eu-west-1:111122223333:function:tandem-prod-" + pipeline.name() + "-" + handler + ":live");
        }
        definition = definition.replace("${" + WorkflowDefinition.QUEUE_URL + "}", "https://sqs.eu-west-1.amazonaws.com/111122223333/governance");
        assertThat(definition).doesNotContain("${");
        Path file = dir.resolve("definition.asl.json");
        Files.writeString(file, definition);
        Process p = new ProcessBuilder("node", validator.toString(), "--json-path", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("✓");
    }
}
