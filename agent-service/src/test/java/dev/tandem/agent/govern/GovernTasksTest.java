package dev.tandem.agent.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GovernTasksTest {

    private static String fixture() throws IOException {
        try (InputStream in = GovernTasksTest.class.getResourceAsStream("/events/govern-task.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parse_readsTheMessageTheGovernStateSends() throws IOException {
        GovernTask task = GovernTasks.parse(fixture());

        assertThat(task.jobId()).isEqualTo("9b1c2f0e-6a47-4a64-8f0e-2f3f8f7e5a11");
        assertThat(task.purpose()).isEqualTo(Purpose.SUPPORT_KB);
        assertThat(task.findingTypes()).containsExactly(FindingType.EMAIL, FindingType.PHONE);
        assertThat(task.principal().roles()).containsExactly("submitter");
        assertThat(task.findings().uri()).endsWith("/findings.json");
    }

    @Test
    void parse_notJson_isInvalidWithoutAToken() {
        assertThatThrownBy(() -> GovernTasks.parse("Hello {"))
                .isInstanceOfSatisfying(InvalidTaskException.class, e -> assertThat(e.taskToken()).isNull())
                .hasMessage("the message is not JSON");
        assertThatThrownBy(() -> GovernTasks.parse("[1,2]")).hasMessage("the message is not a JSON object");
        assertThatThrownBy(() -> GovernTasks.parse("null")).hasMessage("the message is not a JSON object");
    }

    @Test
    void parse_missingField_isInvalid_keepsTheTokenSoTheWorkflowIsTold() throws IOException {
        ObjectNode body = (ObjectNode) Json.read(fixture(), com.fasterxml.jackson.databind.JsonNode.class);
        body.remove("findings");

        assertThatThrownBy(() -> GovernTasks.parse(body.toString()))
                .isInstanceOfSatisfying(InvalidTaskException.class, e -> {
                    assertThat(e.taskToken()).startsWith("AQCEAAAA");
                    assertThat(e.jobKnown()).isFalse();
                })
                .hasMessageStartingWith("the message is not a Govern task")
                .hasMessageContaining("findings");
    }

    @Test
    void parse_unknownPurposeOrBadScore_isInvalid_andNamesWhat() throws IOException {
        ObjectNode purpose = (ObjectNode) Json.read(fixture(), com.fasterxml.jackson.databind.JsonNode.class);
        purpose.put("purpose", "resale");
        assertThatThrownBy(() -> GovernTasks.parse(purpose.toString())).hasMessageContaining("resale");

        ObjectNode score = (ObjectNode) Json.read(fixture(), com.fasterxml.jackson.databind.JsonNode.class);
        score.put("riskScore", 1.5);
        assertThatThrownBy(() -> GovernTasks.parse(score.toString())).hasMessageContaining("riskScore");
    }
}
