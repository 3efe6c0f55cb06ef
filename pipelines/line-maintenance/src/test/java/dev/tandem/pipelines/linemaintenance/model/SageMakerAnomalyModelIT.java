package dev.tandem.pipelines.linemaintenance.model;

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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tandem.contracts.json.Json;
import dev.tandem.pipelines.linemaintenance.LineMaintenanceSamples;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * The hosted model against a wire-level fake of SageMaker Runtime's {@code InvokeEndpoint} (REST-JSON,
 * {@code POST /endpoints/{name}/invocations}), through the real SDK client on the SDK core the rest of Tandem runs (the
 * platform's own client bean, its retries and timeouts, has its test beside it: {@code SageMakerClientIT}).
 */
class SageMakerAnomalyModelIT {

    private static final String ENDPOINT = "line-anomaly";
    private static final String PATH = "/endpoints/" + ENDPOINT + "/invocations";
    private static final LineRegistry.Line LINE = LineRegistry.shipped().line("line-a").orElseThrow();
    private static WireMockServer sageMaker;
    private static SageMakerRuntimeClient client;
    private static SageMakerAnomalyModel model;

    @BeforeAll
    static void start() {
        sageMaker = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        sageMaker.start();
        client = SageMakerRuntimeClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create("http://127.0.0.1:" + sageMaker.port()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        model = new SageMakerAnomalyModel(client, ENDPOINT);
    }

    @AfterAll
    static void stop() {
        client.close();
        sageMaker.stop();
    }

    @BeforeEach
    void reset() {
        sageMaker.resetAll();
    }

    private static void answer(int status, String body, String errorType) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        if (errorType != null) {
            response = response.withHeader("x-amzn-ErrorType", errorType);
        }
        sageMaker.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    /** A machine's readings in a sample batch. */
    private static List<TelemetryBatch.Reading> readings(String sample, String machine) {
        return Json.read(LineMaintenanceSamples.body(sample), TelemetryBatch.class).machines().stream()
                .filter(m -> m.machineId().equals(machine)).findFirst().orElseThrow().readings();
    }

    @Test
    void theEndpointIsAskedTheContract_andItsAnswerIsTheScore_besideWhatTheBatchShows() {
        answer(200, "{\"model\":\"iforest-line@3.2.0\",\"score\":2.25,\"signals\":{\"vibrationRms\":2.25,\"motorCurrent\":0.4}}", null);
        LineRegistry.Machine conveyor = LINE.machines().get("conveyor-1");
        List<TelemetryBatch.Reading> readings = readings("sudden-overheating.json", "conveyor-1");

        MachineScore score = model.score(conveyor, readings);

        assertThat(score.model()).as("the version the endpoint ran").isEqualTo("iforest-line@3.2.0");
        assertThat(score.score()).isEqualTo(2.25);
        assertThat(score.signals()).containsEntry("vibrationRms", 2.25).containsEntry("motorCurrent", 0.4);
        // The safety limit is the function's rule, not the model's: 97 degC stops the line whatever the endpoint scores.
        assertThat(score.overSafetyLimit()).isTrue();
        assertThat(score.maxBearingTemperature()).isEqualTo(97.0);
        assertThat(score.readings()).isEqualTo(readings.size());

        LoggedRequest sent = sageMaker.findAll(postRequestedFor(urlEqualTo(PATH))).getFirst();
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(sent.getHeader("Accept")).isEqualTo("application/json");
        assertThat(sent.getHeader("Authorization")).as("signed as SageMaker expects").contains("/eu-west-1/sagemaker/aws4_request");
        JsonNode request = Json.read(sent.getBodyAsString(), JsonNode.class);
        assertThat(request.path("contract").asText()).isEqualTo(SageMakerAnomalyModel.CONTRACT);
        assertThat(request.path("machineId").asText()).isEqualTo("conveyor-1");
        assertThat(request.path("signals")).extracting(JsonNode::asText).containsExactly("vibrationRms", "bearingTemperature", "motorCurrent");
        assertThat(request.at("/baseline/bearingTemperature/median").asDouble()).isEqualTo(conveyor.bearingTemperature().median());
        assertThat(request.at("/baseline/vibrationRms/mad").asDouble()).isEqualTo(conveyor.vibrationRms().mad());
        assertThat(request.path("readings")).hasSize(readings.size());
        assertThat(request.at("/readings/0/at").asText()).isEqualTo(readings.getFirst().at().toString());
        assertThat(request.at("/readings/11/bearingTemperature").asDouble()).isEqualTo(readings.get(11).bearingTemperature());
    }

    @Test
    void aDroppedSensor_isNamedByTheFunction_andItsReadingsSentWithout() {
        answer(200, "{\"model\":\"iforest-line@3.2.0\",\"score\":0.8}", null);
        List<TelemetryBatch.Reading> readings = readings("sensor-dropout.json", "robot-1");

        MachineScore score = model.score(LINE.machines().get("robot-1"), readings);

        assertThat(score.droppedSignals()).containsExactly("vibrationRms");
        assertThat(score.signals()).as("the endpoint scored no signal apart").isEmpty();
        JsonNode request = Json.read(sageMaker.findAll(postRequestedFor(urlEqualTo(PATH))).getFirst().getBodyAsString(), JsonNode.class);
        assertThat(request.at("/readings/11").has("vibrationRms")).isFalse();
        assertThat(request.at("/readings/11").has("bearingTemperature")).isTrue();
    }

    @Test
    void anAnswerOutsideTheContract_failsTheStep_namingTheEndpointAndWhatIsWrong() {
        LineRegistry.Machine press = LINE.machines().get("press-1");
        List<TelemetryBatch.Reading> readings = readings("normal-line.json", "press-1");
        Map<String, String> refused = Map.of(
                "anomaly: 0.3", "is not a JSON object",
                "{\"score\":0.3}", "names no model",
                "{\"model\":\"iforest-line\",\"score\":0.3}", "names no model",
                "{\"model\":\"iforest-line@3\"}", "has no score",
                "{\"model\":\"iforest-line@3\",\"score\":-1}", "has no score",
                "{\"model\":\"iforest-line@3\",\"score\":1,\"signals\":{\"oilPressure\":1}}", "oilPressure",
                "{\"model\":\"iforest-line@3\",\"score\":1,\"signals\":{\"vibrationRms\":null}}", "vibrationRms");
        refused.forEach((body, why) -> {
            answer(200, body, null);
            assertThatThrownBy(() -> model.score(press, readings)).as(body).isInstanceOf(SageMakerAnomalyModel.ContractException.class)
                    .hasMessageContaining("endpoint " + ENDPOINT).hasMessageContaining("machine press-1").hasMessageContaining(why);
        });
    }

    @Test
    void theModelFailing_isSageMakersError_notRetried() {
        answer(424, "{\"Message\":\"Received server error (500) from primary\",\"OriginalStatusCode\":500}", "ModelError");

        assertThatThrownBy(() -> model.score(LINE.machines().get("press-1"), readings("normal-line.json", "press-1")))
                .isInstanceOf(ModelErrorException.class);
        assertThat(sageMaker.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void anEndpointBriefly_unavailable_isRetriedByTheClient_thenScores() {
        sageMaker.stubFor(post(urlEqualTo(PATH)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("x-amzn-ErrorType", "ServiceUnavailable")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"busy\"}"))
                .willSetStateTo("ok"));
        sageMaker.stubFor(post(urlEqualTo(PATH)).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"model\":\"iforest-line@3.2.0\",\"score\":0.5}")));

        MachineScore score = model.score(LINE.machines().get("press-1"), readings("normal-line.json", "press-1"));

        assertThat(score.score()).isEqualTo(0.5);
        assertThat(sageMaker.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(2);
    }
}
