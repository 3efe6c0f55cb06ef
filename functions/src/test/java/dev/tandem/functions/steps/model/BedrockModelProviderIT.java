package dev.tandem.functions.steps.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.ModelInvocation;
import dev.tandem.functions.steps.StepClientFactory;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;

/**
 * The Bedrock provider against a wire-level fake of the Bedrock Runtime Converse API (REST-JSON,
 * {@code POST /model/{modelId}/converse}), through the real SDK client the factory builds.
 */
class BedrockModelProviderIT {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String PATH = "/model/" + MODEL.replace(":", "%3A") + "/converse";
    private static WireMockServer bedrock;
    private static ApplicationContext context;
    private static ModelProvider provider;

    @BeforeAll
    static void start() {
        bedrock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        bedrock.start();
        context = ApplicationContext.builder().properties(Map.of(
                "aws.region", "us-east-1", "tandem.access-key-id", "test", "tandem.secret-access-key", "test",
                "tandem.endpoints.bedrock", "http://127.0.0.1:" + bedrock.port(),
                "tandem.model.provider", "bedrock", "tandem.model.bedrock-model-id", MODEL,
                "tandem.model.prompt-version", "sensitivity-v1")).start();
        provider = context.getBean(ModelProvider.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        bedrock.stop();
    }

    @BeforeEach
    void reset() {
        bedrock.resetAll();
    }

    private static String answer(String text) {
        return Json.write(Map.of("output", Map.of("message", Map.of("role", "assistant", "content", new Object[] {Map.of("text", text)})),
                "stopReason", "end_turn", "usage", Map.of("inputTokens", 120, "outputTokens", 12, "totalTokens", 132),
                "metrics", Map.of("latencyMs", 240)));
    }

    private static void respond(int status, String body, String errorType) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        if (errorType != null) {
            response = response.withHeader("x-amzn-ErrorType", errorType);
        }
        bedrock.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    @Test
    void classify_recordsProviderModelVersionPromptAndTheTokensBedrockReports() {
        respond(200, answer("{\"label\": \"CONFIDENTIAL\", \"score\": 0.62}"), null);

        ModelInvocation result = provider.classify("Quarterly salary review for the team.");

        assertThat(result).isEqualTo(new ModelInvocation("bedrock", MODEL, "v1:0", "sensitivity-v1", "CONFIDENTIAL", 0.62, 120, 12));
        JsonNode request = Json.read(bedrock.findAll(postRequestedFor(urlEqualTo(PATH))).getFirst().getBodyAsString(), JsonNode.class);
        assertThat(request.at("/messages/0/content/0/text").asText()).isEqualTo("Quarterly salary review for the team.");
        assertThat(request.at("/system/0/text").asText()).contains("classify the sensitivity");
        assertThat(request.at("/inferenceConfig/temperature").asDouble()).isZero();
    }

    @Test
    void throttling_isRetriedWithBackoff_thenSucceeds() {
        bedrock.stubFor(post(urlEqualTo(PATH)).inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Too many requests\"}"))
                .willSetStateTo("second"));
        bedrock.stubFor(post(urlEqualTo(PATH)).inScenario("throttle").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Too many requests\"}"))
                .willSetStateTo("ok"));
        bedrock.stubFor(post(urlEqualTo(PATH)).inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(answer("{\"label\":\"PUBLIC\",\"score\":0.05}"))));

        ModelInvocation result = provider.classify("Product FAQ");

        assertThat(result.label()).isEqualTo("PUBLIC");
        assertThat(bedrock.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(3);
    }

    @Test
    void malformedModelOutput_isATypedFailure() {
        respond(200, answer("I think this document is probably confidential."), null);
        assertThatThrownBy(() -> provider.classify("x")).isInstanceOf(ModelOutputException.class).hasMessageContaining("did not answer with JSON");

        respond(200, answer("{\"label\": \"SECRET\", \"score\": 2}"), null);
        assertThatThrownBy(() -> provider.classify("x")).isInstanceOf(ModelOutputException.class).hasMessageContaining("valid label and score");

        respond(200, answer(""), null);
        assertThatThrownBy(() -> provider.classify("x")).isInstanceOf(ModelOutputException.class).hasMessageContaining("no text");
    }

    @Test
    void accessDenied_isNotRetried_andSurfacesAsTheSdkError() {
        respond(403, "{\"message\":\"You don't have access to the model with the specified model ID.\"}", "AccessDeniedException");

        assertThatThrownBy(() -> provider.classify("x")).isInstanceOf(AccessDeniedException.class);
        assertThat(bedrock.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void factory_defaultsToTheEmbeddedProvider() {
        try (ApplicationContext local = ApplicationContext.builder().properties(Map.of("aws.region", "us-east-1",
                "tandem.access-key-id", "t", "tandem.secret-access-key", "t")).start()) {
            assertThat(local.getBean(ModelProvider.class)).isInstanceOf(EmbeddedLexiconProvider.class);
            assertThat(local.getBean(StepClientFactory.class)).isNotNull();
        }
    }
}
