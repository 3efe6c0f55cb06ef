package dev.tandem.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.api.ReviewDecisionRequest;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The JSON Schemas and the records describe the same contract. */
class SchemaRecordAgreementTest {

    private static final ContractValidator VALIDATOR = ContractValidator.load();

    @ParameterizedTest
    @EnumSource(ContractSchema.class)
    void everySchemaExample_isValid_andRoundTripsThroughItsRecord(ContractSchema schema) {
        JsonNode examples = VALIDATOR.schemaNode(schema).get("examples");
        assertThat(examples).as("schema %s has examples", schema).isNotNull();
        assertThat(examples.size()).isGreaterThanOrEqualTo(2);

        for (JsonNode example : examples) {
            assertThat(VALIDATOR.validate(schema, example)).as("example %s", example).isEmpty();
            Object record = Json.convert(example, schema.recordType());
            JsonNode back = Json.tree(record);
            assertThat(back).as("round trip of %s", example).isEqualTo(example);
            assertThat(VALIDATOR.validate(schema, back)).isEmpty();
        }
    }

    @Test
    void theLibraryDocumentInput_examplesAreValid_andRoundTripThroughItsRecord() {
        JsonNode schema = VALIDATOR.inputSchema(ExamplePipeline.NAME).orElseThrow();
        assertThat(schema.get("examples").size()).isGreaterThanOrEqualTo(2);
        for (JsonNode example : schema.get("examples")) {
            byte[] body = example.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(VALIDATOR.parseSubmission(body).pipeline()).isEqualTo(ExamplePipeline.NAME);
            assertThat(Json.tree(Json.convert(example, LibraryInputs.DOCUMENT.bodyType()))).as("round trip of %s", example).isEqualTo(example);
        }
    }

    @Test
    void enumsInTheSchemas_matchTheJavaEnums() {
        JsonNode submit = VALIDATOR.inputSchema(ExamplePipeline.NAME).orElseThrow().get("properties");
        assertThat(strings(submit.at("/purpose/enum")))
                .containsExactlyElementsOf(Arrays.stream(Purpose.values()).map(Purpose::wireName).toList());
        assertThat(strings(submit.at("/document/properties/dataClassification/enum")))
                .containsExactlyElementsOf(Arrays.stream(DataClassification.values()).map(DataClassification::wireName).toList());

        JsonNode review = VALIDATOR.schemaNode(ContractSchema.REVIEW_DECISION_REQUEST).get("properties");
        assertThat(strings(review.at("/decision/enum")))
                .containsExactlyElementsOf(Arrays.stream(ReviewDecisionRequest.Verdict.values()).map(Enum::name).toList());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
