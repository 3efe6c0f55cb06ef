package dev.tandem.contracts.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.RedactionPlan;
import dev.tandem.contracts.validation.ContractValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Response schemas are what the contracts' mapper writes of the records: they accept it, and nothing else. */
class ResponseSchemasTest {

    private static final ObjectNode DOCUMENT = OpenApi.document(ContractValidator.load());

    private static Set<ValidationMessage> validate(Class<?> type, JsonNode body) {
        ObjectNode schema = Json.mapper().createObjectNode().put("$ref", "#/components/schemas/" + ResponseSchemas.name(type));
        schema.set("components", DOCUMENT.path("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()).validate(body);
    }

    private static JobView job() {
        Instant t = Instant.parse("2026-12-01T10:15:30.123456789Z");
        return new JobView("3f2b8c1e-9d4a-4c6e-8f1a-2b3c4d5e6f70", "document-compliance", Map.of("purpose", "support-kb"),
                JobStatus.COMPLETED, t, t.plusSeconds(3),
                List.of(new StepProgress("Extract", StepProgress.State.SUCCEEDED, t, t.plusMillis(200))),
                new PolicyDecision(Outcome.ALLOW_WITH_REDACTION, "document-compliance@1.1.0", List.of("contact-redact"), "ab".repeat(32),
                        new RedactionPlan(List.of(FindingType.EMAIL)), "agent", t.plusSeconds(2)),
                new JobView.ResultLocation("s3://b/jobs/x/redacted.txt", "cd".repeat(32), 120), null);
    }

    @Test
    void aJobAsTheMapperWritesIt_conformsToTheJobViewSchema() {
        JsonNode body = Json.tree(job());

        assertThat(validate(JobView.class, body)).isEmpty();
    }

    @Test
    void anUndeclaredProperty_aWrongEnumValue_andAWrongType_areRefused() {
        ObjectNode extra = (ObjectNode) Json.tree(job());
        extra.put("secret", "x");
        ObjectNode status = (ObjectNode) Json.tree(job());
        status.put("status", "DONE");
        ObjectNode type = (ObjectNode) Json.tree(job());
        type.put("createdAt", 12);

        assertThat(validate(JobView.class, extra)).isNotEmpty();
        assertThat(validate(JobView.class, status)).isNotEmpty();
        assertThat(validate(JobView.class, type)).isNotEmpty();
    }

    @Test
    void jacksonsNames_andWireValues_areTheSchemas() {
        JsonNode item = DOCUMENT.at("/components/schemas/PipelineListItem/properties");
        assertThat(item.has("default")).as("the component's JSON name, not the Java one").isTrue();
        assertThat(item.has("isDefault")).isFalse();
        assertThat(validate(PipelineList.class, Json.tree(new PipelineList(List.of(new PipelineList.Item("document-compliance", "1.0.0", true,
                "off", new PipelineList.Links("/v1/pipelines/document-compliance"))))))).isEmpty();
        List<String> plan = new java.util.ArrayList<>();
        DOCUMENT.at("/components/schemas/RedactionPlan/properties").fieldNames().forEachRemaining(plan::add);
        assertThat(plan).as("@JsonIgnore isEmpty()").containsExactly("redact");
    }
}
