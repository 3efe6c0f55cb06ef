package dev.tandem.functions.steps.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The SageMaker Runtime client the steps jar gives a pipeline's hosted model ({@code Grant.MODEL_ENDPOINT}), against a
 * wire-level fake of {@code InvokeEndpoint}: the client module is pinned apart from the SDK's BOM (see the parent POM), so
 * this is where its calls are shown to work on the core the functions run.
 */
class SageMakerClientIT {

    private static final String PATH = "/endpoints/line-anomaly/invocations";
    private static WireMockServer sageMaker;
    private static ApplicationContext context;
    private static SageMakerRuntimeClient client;

    @BeforeAll
    static void start() {
        sageMaker = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        sageMaker.start();
        context = ApplicationContext.builder().properties(Map.of("aws.region", "eu-west-1", "tandem.access-key-id", "test",
                "tandem.secret-access-key", "test", "tandem.endpoints.sagemaker", "http://127.0.0.1:" + sageMaker.port())).start();
        client = context.getBean(SageMakerRuntimeClient.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        sageMaker.stop();
    }

    @BeforeEach
    void reset() {
        sageMaker.resetAll();
    }

    private static InvokeEndpointResponse invoke() {
        return client.invokeEndpoint(b -> b.endpointName("line-anomaly").contentType("application/json").accept("application/json")
                .body(SdkBytes.fromUtf8String("{\"machineId\":\"press-1\"}")));
    }

    @Test
    void invokesTheEndpoint_signedForSageMaker_andReturnsItsAnswerAndVariant() {
        sageMaker.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-Amzn-Invoked-Production-Variant", "blue").withBody("{\"score\":1.5}")));

        InvokeEndpointResponse response = invoke();

        assertThat(response.body().asUtf8String()).isEqualTo("{\"score\":1.5}");
        assertThat(response.invokedProductionVariant()).isEqualTo("blue");
        var sent = sageMaker.findAll(postRequestedFor(urlEqualTo(PATH))).getFirst();
        assertThat(sent.getBodyAsString()).isEqualTo("{\"machineId\":\"press-1\"}");
        assertThat(sent.getHeader("Authorization")).contains("/eu-west-1/sagemaker/aws4_request");
    }

    @Test
    void aThrottledEndpoint_isRetriedWithBackoff_thenAnswers() {
        sageMaker.stubFor(post(urlEqualTo(PATH)).inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Rate exceeded\"}"))
                .willSetStateTo("ok"));
        sageMaker.stubFor(post(urlEqualTo(PATH)).inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"score\":0.2}")));

        assertThat(invoke().body().asUtf8String()).isEqualTo("{\"score\":0.2}");
        assertThat(sageMaker.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(2);
    }

    @Test
    void aRequestTheEndpointRefuses_isNotRetried_andSurfacesAsTheSdkError() {
        sageMaker.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withHeader("x-amzn-ErrorType", "ValidationError")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Endpoint line-anomaly not found.\"}")));

        assertThatThrownBy(SageMakerClientIT::invoke).isInstanceOf(ValidationErrorException.class).hasMessageContaining("not found");
        assertThat(sageMaker.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }
}
