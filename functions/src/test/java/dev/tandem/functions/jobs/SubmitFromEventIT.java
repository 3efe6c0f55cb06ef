package dev.tandem.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.JobEventNames;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SubmitFromEvent's refusals, as its deployed handler answers an EventBridge event: what the API would refuse, and a job of
 * a pipeline that takes no events, leave a record under {@code rejected/} and no job, object or execution; a malformed
 * event is an error (EventBridge retries it, then dead-letters it). The accepting path runs in line-maintenance's tests.
 */
@AwsEngines
class SubmitFromEventIT {

    private static ApiStack stack;
    private static SubmitFromEventHandler handler;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
        handler = new SubmitFromEventHandler(stack.context);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetFakes() {
        stack.resetFakes();
    }

    private static Map<String, Object> event(Object detail) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", JobEventNames.SUBMIT);
        event.put("source", "plant-1.gateway");
        event.put("time", "2026-12-02T07:00:00Z");
        event.put("detail", detail);
        return event;
    }

    private static JsonNode record(Map<String, Object> out) {
        String uri = (String) out.get("rejected");
        assertThat(uri).as("a rejected record: %s", out).startsWith("s3://" + stack.bucket + "/" + JobEventNames.REJECTED_PREFIX);
        String key = uri.substring(("s3://" + stack.bucket + "/").length());
        return Json.read(stack.s3.getObjectAsBytes(b -> b.bucket(stack.bucket).key(key)).asUtf8String(), JsonNode.class);
    }

    @Test
    void aJobOfAPipelineThatTakesNoEvents_isRecordedAsRefused_andNothingElseIsWritten() {
        int jobs = stack.itemCount("jobs");
        int objects = stack.objectCount();
        Map<String, Object> event = event(Map.of("pipeline", ExamplePipeline.NAME, "purpose", "support-kb",
                "document", Map.of("text", "A note.")));

        Map<String, Object> out = handler.handleRequest(event, null);

        JsonNode record = record(out);
        assertThat(out.get("reason")).isEqualTo("INVALID_PARAMETER");
        assertThat(record.at("/problem/errors/0/pointer").asText()).isEqualTo("/pipeline");
        assertThat(record.path("eventId").asText()).isEqualTo(event.get("id"));
        assertThat(record.path("source").asText()).isEqualTo("plant-1.gateway");
        assertThat(record.at("/detail/document/text").asText()).isEqualTo("A note.");
        assertThat(stack.itemCount("jobs")).isEqualTo(jobs);
        assertThat(stack.objectCount()).as("only the record").isEqualTo(objects + 1);
        assertThat(stack.sfnCalls("StartExecution")).isEmpty();
    }

    @Test
    void aBodyTheContractRefuses_isRecordedWithItsFieldErrors() {
        Map<String, Object> out = handler.handleRequest(event(Map.of("pipeline", ExamplePipeline.NAME, "purpose", "fortune-telling",
                "document", Map.of("text", "A note."))), null);

        JsonNode record = record(out);
        assertThat(record.at("/problem/status").asInt()).isEqualTo(400);
        assertThat(record.at("/problem/errors/0/pointer").asText()).isEqualTo("/purpose");
    }

    @Test
    void aDetailOverTheApisBodyLimit_isRecordedAsTooLarge_andStartsNothing() {
        String text = "x".repeat(dev.tandem.contracts.api.Limits.MAX_REQUEST_BODY_BYTES);
        JsonNode record = record(handler.handleRequest(event(Map.of("pipeline", ExamplePipeline.NAME, "purpose", "support-kb",
                "document", Map.of("text", text))), null));

        assertThat(record.at("/problem/status").asInt()).isEqualTo(413);
        assertThat(record.at("/problem/detail").asText()).startsWith("The event's detail is ")
                .contains("the limit is " + dev.tandem.contracts.api.Limits.MAX_REQUEST_BODY_BYTES + " bytes");
        assertThat(stack.sfnCalls("StartExecution")).isEmpty();
    }

    @Test
    void aDetailThatIsNoObject_isRefused_andAnEventWithoutAnId_isAnError() {
        assertThat(record(handler.handleRequest(event(List.of(1, 2)), null)).at("/problem/detail").asText()).contains("JSON object");

        Map<String, Object> noId = event(Map.of());
        noId.remove("id");
        assertThatThrownBy(() -> handler.handleRequest(noId, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an EventBridge event");
        assertThat(stack.sfnCalls("StartExecution")).isEmpty();
    }
}
