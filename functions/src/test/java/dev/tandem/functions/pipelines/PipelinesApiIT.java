package dev.tandem.functions.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

@AwsEngines
class PipelinesApiIT {

    private static final String USER = "8f1c2d3e-aaaa-4bbb-8ccc-111111111111";
    private static ApiStack stack;
    private static ListPipelinesHandler list;
    private static GetPipelineHandler get;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
        list = new ListPipelinesHandler(stack.context);
        get = new GetPipelineHandler(stack.context);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetFakes() {
        stack.resetFakes();
    }

    @Test
    void list_showsEveryDeployedPipeline_withItsKillSwitch_toAnyRole() throws InterruptedException {
        APIGatewayProxyResponseEvent r = list.handleRequest(ApiStack.getEvent("get-job.json", USER, "submitter", null), null);

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode pipelines = Json.read(r.getBody(), JsonNode.class).path("pipelines");
        assertThat(pipelines).hasSize(1);
        assertThat(pipelines.get(0).path("name").asText()).isEqualTo(ExamplePipeline.NAME);
        assertThat(pipelines.get(0).path("killSwitch").asText()).isEqualTo("off");
        assertThat(pipelines.get(0).path("default").asBoolean()).as("the only pipeline is the default").isTrue();
        assertThat(pipelines.get(0).at("/links/self").asText()).isEqualTo("/v1/pipelines/" + ExamplePipeline.NAME);

        stack.killSwitch(true);
        Thread.sleep(300); // the harness caches a kill-switch reading for 200 ms
        JsonNode halted = Json.read(list.handleRequest(ApiStack.getEvent("get-job.json", USER, "operator", null), null).getBody(), JsonNode.class);
        assertThat(halted.at("/pipelines/0/killSwitch").asText()).isEqualTo("on");
    }

    @Test
    void get_showsTheBlueprintTheAdvisorsViewAndTheInputContract() {
        APIGatewayProxyResponseEvent r = get.handleRequest(ApiStack.getEvent("get-job.json", USER, "auditor",
                Map.of("pipeline", ExamplePipeline.NAME)), null);

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.read(r.getBody(), JsonNode.class);
        assertThat(body.path("name").asText()).isEqualTo(ExamplePipeline.NAME);
        assertThat(body.at("/killSwitch/parameter").asText()).endsWith("/" + ExamplePipeline.NAME);
        assertThat(body.at("/inputSchema/properties/document").isObject()).isTrue();
        JsonNode govern = null;
        for (JsonNode step : body.path("steps")) {
            if (step.path("name").asText().equals("Decide")) {
                govern = step;
            }
        }
        assertThat(govern).isNotNull();
        assertThat(govern.path("placement").asText()).isEqualTo("AGENT");
        assertThat(govern.at("/advised/placement").asText()).isEqualTo("AGENT");
        assertThat(govern.at("/advised/reasons")).isNotEmpty();
        // The governed step: its policy bundle, the attributes the workflow sends and the evidence.
        assertThat(govern.at("/governed/name").asText()).isEqualTo("decide");
        assertThat(govern.at("/governed/policyBundle/location").asText()).isEqualTo("policies/example/decide");
        assertThat(govern.at("/governed/policyBundle/version").asText()).isEqualTo("0.1.0");
        assertThat(govern.at("/governed/attributes/score").asText()).isEqualTo("$.check.score");
        assertThat(govern.at("/governed/evidence").asText()).isEqualTo("$.check.evidence");
    }

    @Test
    void get_ofAnUnknownPipeline_is404_andWithoutATokenIs401() {
        APIGatewayProxyResponseEvent missing = get.handleRequest(ApiStack.getEvent("get-job.json", USER, "auditor",
                Map.of("pipeline", "no-such-pipeline")), null);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Json.read(missing.getBody(), JsonNode.class).path("detail").asText()).contains("no-such-pipeline");

        APIGatewayProxyResponseEvent malformed = get.handleRequest(ApiStack.getEvent("get-job.json", USER, "auditor",
                Map.of("pipeline", "Not_A/Pipeline")), null);
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(Json.read(malformed.getBody(), JsonNode.class).at("/errors/0/pointer").asText()).isEqualTo("/pathParameters/pipeline");

        var anonymous = ApiStack.getEvent("get-job.json", USER, "auditor", Map.of("pipeline", ExamplePipeline.NAME));
        anonymous.getRequestContext().setAuthorizer(null);
        assertThat(get.handleRequest(anonymous, null).getStatusCode()).isEqualTo(401);
    }
}
