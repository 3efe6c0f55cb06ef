package dev.tandem.agent.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.pipelines.documentcompliance.DocumentComplianceGovernance;
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
        assertThat(task.step()).isEqualTo("Govern");
        assertThat(task.principal().roles()).containsExactly("submitter");
        assertThat(task.evidence().uri()).endsWith("/findings.json");
        // The governed step binds the attributes to its own record.
        assertThat(Json.convert(task.attributes(), DocumentComplianceGovernance.Attributes.class))
                .isEqualTo(new DocumentComplianceGovernance.Attributes(0.62, java.util.List.of(FindingType.EMAIL, FindingType.PHONE)));
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
        body.remove("evidence");

        assertThatThrownBy(() -> GovernTasks.parse(body.toString()))
                .isInstanceOfSatisfying(InvalidTaskException.class, e -> {
                    assertThat(e.taskToken()).startsWith("AQCEAAAA");
                    assertThat(e.jobKnown()).isFalse();
                })
                .hasMessageStartingWith("the message is not a Govern task")
                .hasMessageContaining("evidence");
    }

    @Test
    void parse_attributesThatAreNoObject_orANegativeAttempt_isInvalid_andNamesWhat() throws IOException {
        ObjectNode attributes = (ObjectNode) Json.read(fixture(), com.fasterxml.jackson.databind.JsonNode.class);
        attributes.put("attributes", "risky");
        assertThatThrownBy(() -> GovernTasks.parse(attributes.toString())).hasMessageContaining("attributes");

        ObjectNode attempt = (ObjectNode) Json.read(fixture(), com.fasterxml.jackson.databind.JsonNode.class);
        attempt.put("attempt", -1);
        assertThatThrownBy(() -> GovernTasks.parse(attempt.toString())).hasMessageContaining("attempt");
    }
}
