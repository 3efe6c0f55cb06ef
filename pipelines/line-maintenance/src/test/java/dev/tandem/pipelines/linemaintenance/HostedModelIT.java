package dev.tandem.pipelines.linemaintenance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tandem.contracts.json.Json;
import dev.tandem.local.LocalStack;
import dev.tandem.local.RunningStack;
import dev.tandem.local.TandemClient;
import dev.tandem.pipelines.linemaintenance.model.SageMakerAnomalyModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hosted model end to end, on a local stack of its own deployed with the stage naming a SageMaker endpoint for the
 * pipeline ({@code -c modelEndpoints}): the deployed ScoreMachine (its artifact, its handler, the environment the template
 * gives it, the steps jar's SageMaker client) asks the endpoint, a wire-level fake that answers the contract, and the
 * decisions name the model version it answered.
 */
class HostedModelIT {

    private static final String ENDPOINT = "line-anomaly";
    private static final String PATH = "/endpoints/" + ENDPOINT + "/invocations";
    private static WireMockServer sageMaker;
    private static LocalStack stack;
    private static TandemClient api;

    @BeforeAll
    static void start() throws Exception {
        sageMaker = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        sageMaker.start();
        stack = RunningStack.start(Map.of("modelEndpoints", LineMaintenancePipeline.NAME + "=" + ENDPOINT),
                Map.of("sagemaker", "http://127.0.0.1:" + sageMaker.port()), RunningStack.logDir().resolveSibling("it-logs-hosted-model"),
                "[hosted-model stack] ");
        api = new TandemClient(stack.endpoints().api());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        sageMaker.stop();
    }

    @BeforeEach
    void reset() {
        sageMaker.resetAll();
    }

    private static void answer(String body) {
        sageMaker.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    private static JsonNode run(String sample) {
        String body = LineMaintenanceIT.batch(sample);
        TandemClient.Response accepted = api.send("POST", "/v1/jobs", "submitter", body, Map.of("Content-Type", "application/json",
                "Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        return api.await(accepted.json().path("jobId").asText(), Duration.ofSeconds(90), Set.of());
    }

    @Test
    void aBatch_isScoredByTheStagesEndpoint_andEveryDecisionNamesTheVersionItRan() {
        answer("{\"model\":\"iforest-line@3.2.0\",\"score\":0.3,\"signals\":{\"vibrationRms\":0.3}}");

        JsonNode job = run("normal-line.json");

        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.at("/decision/items")).hasSize(4).allSatisfy(item -> {
            assertThat(item.path("decision").asText()).isEqualTo(LineMaintenanceGovernance.CONTINUE);
            assertThat(item.at("/basis/modelVersion").asText()).isEqualTo("iforest-line@3.2.0");
        });
        List<String> asked = new ArrayList<>();
        sageMaker.findAll(postRequestedFor(urlEqualTo(PATH))).forEach(r -> {
            JsonNode request = Json.read(r.getBodyAsString(), JsonNode.class);
            assertThat(request.path("contract").asText()).isEqualTo(SageMakerAnomalyModel.CONTRACT);
            asked.add(request.path("machineId").asText());
        });
        assertThat(asked).containsExactlyInAnyOrderElementsOf(LineMaintenanceSamples.MACHINES);
        String jobId = job.path("jobId").asText();
        JsonNode lineage = api.send("GET", "/v1/lineage?model=iforest-line%403.2.0", "auditor", null, Map.of()).json();
        assertThat(lineage.toString()).contains(jobId);
    }

    @Test
    void anAnswerOutsideTheContract_failsTheJob_namingTheEndpoint() {
        answer("{\"score\":0.3}");

        JsonNode job = run("normal-line.json");

        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.at("/error/step").asText()).isEqualTo("Score");
        assertThat(job.at("/error/cause").asText()).contains("SageMaker endpoint " + ENDPOINT).contains("names no model");
    }
}
