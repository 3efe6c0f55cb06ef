package dev.tandem.contracts.validation;

import static dev.tandem.contracts.validation.ContractValidatorTest.bytes;
import static dev.tandem.contracts.validation.ContractValidatorTest.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.pipeline.spi.Submission;
import dev.tandem.contracts.pipeline.spi.TestPipelines;
import dev.tandem.contracts.problem.FieldError;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A submission is validated against the input contract of the pipeline it selects, whatever that input is. */
class PipelineInputsTest {

    /** A pipeline whose input is not a document. */
    record ReadingBatch(String line, List<Double> readings) {
    }

    private static final InputContract<ReadingBatch> READINGS = new InputContract<>() {
        @Override
        public String schemaResource() {
            return "/schemas/test/reading-batch.schema.json";
        }

        @Override
        public Class<ReadingBatch> bodyType() {
            return ReadingBatch.class;
        }

        @Override
        public List<FieldError> check(ReadingBatch body) {
            return body.readings().stream().anyMatch(r -> r < 0)
                    ? List.of(new FieldError("/readings", "must not be negative")) : List.of();
        }

        @Override
        public Submission submission(ReadingBatch body) {
            return new Submission(body.readings().toString().getBytes(StandardCharsets.UTF_8), null, Map.of("line", body.line()), Map.of());
        }
    };

    private static PipelineDefinition pipeline(String name, InputContract<?> input, boolean isDefault) {
        PipelineDefinition example = Pipelines.named(ExamplePipeline.NAME);
        return TestPipelines.of(name, example.blueprint(), input, example.functions(), example.governedSteps(), isDefault);
    }

    /** The example (document input) as the default, next to a pipeline with other input. */
    private static final ContractValidator TWO = ContractValidator.load(List.of(
            pipeline(ExamplePipeline.NAME, Pipelines.named(ExamplePipeline.NAME).input(), true), pipeline("line-readings", READINGS, false)));

    @Test
    void aBodyNamingAPipeline_isValidatedAgainstThatPipelinesContract_andKeepsWhatItMaps() {
        ContractValidator.PipelineSubmission parsed = TWO.parseSubmission(bytes("{\"pipeline\":\"line-readings\",\"line\":\"AB-01\",\"readings\":[1,2]}"));

        assertThat(parsed.pipeline()).isEqualTo("line-readings");
        assertThat(parsed.submission().attributes()).containsExactly(Map.entry("line", "AB-01"));
        assertThat(new String(parsed.submission().payload(), StandardCharsets.UTF_8)).isEqualTo("[1.0, 2.0]");
    }

    @Test
    void eachPipelinesErrors_pointIntoItsOwnBody() {
        ProblemDetails problem = violation(() -> TWO.parseSubmission(bytes(
                "{\"pipeline\":\"line-readings\",\"line\":\"ab\",\"readings\":[],\"purpose\":\"support-kb\"}")));

        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION.uri());
        assertThat(problem.errors()).extracting(FieldError::pointer).containsExactly("/line", "/purpose", "/readings");
        assertThat(problem.errors().get(1).message()).isEqualTo("is not a known field; remove it (accepted: pipeline, line, readings)");
    }

    @Test
    void thePipelinesOwnCheck_runsAfterTheSchema() {
        ProblemDetails problem = violation(() -> TWO.parseSubmission(bytes("{\"pipeline\":\"line-readings\",\"line\":\"AB-01\",\"readings\":[-1]}")));

        assertThat(problem.errors()).containsExactly(new FieldError("/readings", "must not be negative"));
    }

    @Test
    void aBodyNamingNoPipeline_runsTheDefault() {
        assertThat(TWO.parseSubmission(bytes("{\"purpose\":\"analytics\",\"document\":{\"text\":\"x\"}}")).pipeline())
                .isEqualTo(ExamplePipeline.NAME);
    }

    @Test
    void withSeveralPipelinesAndNoDefault_theBodyMustNameOne() {
        ContractValidator noDefault = ContractValidator.load(List.of(pipeline("first-one", READINGS, false),
                pipeline("second-one", READINGS, false)));

        ProblemDetails problem = violation(() -> noDefault.parseSubmission(bytes("{\"line\":\"AB-01\",\"readings\":[1]}")));

        assertThat(problem.detail()).startsWith("Name the pipeline: this deployment carries [first-one, second-one] and none is the default");
        assertThat(problem.errors()).containsExactly(new FieldError("/pipeline", "is required; one of: first-one, second-one"));
    }

    @Test
    void thePublishedSchema_isThePipelinesOwnWithThePipelineField() {
        assertThat(TWO.inputSchema("line-readings")).hasValueSatisfying(schema -> {
            assertThat(schema.at("/properties/pipeline/type").asText()).isEqualTo("string");
            assertThat(schema.at("/properties/readings/maxItems").asInt()).isEqualTo(3);
        });
        assertThat(TWO.inputSchema("unknown")).isEmpty();
    }

    @Test
    void aSchemaThatDeclaresThePipelineField_isRefusedAtLoad() {
        InputContract<ReadingBatch> claiming = InputContract.of("/schemas/test/claims-pipeline.schema.json", ReadingBatch.class,
                READINGS::submission);

        assertThatThrownBy(() -> ContractValidator.load(List.of(pipeline("claims", claiming, true))))
                .hasMessageContaining("declares 'pipeline', which is the API's field that selects the pipeline");
    }

    @Test
    void aMissingSchema_isRefusedByTheDefinitionCheck_andAtLoad() {
        PipelineDefinition missing = pipeline(ExamplePipeline.NAME, InputContract.of("/schemas/test/none.schema.json", ReadingBatch.class,
                READINGS::submission), true);

        assertThatThrownBy(missing::check).hasMessageContaining("its input schema /schemas/test/none.schema.json is not on the class path");
        assertThatThrownBy(() -> ContractValidator.load(List.of(missing))).hasMessageContaining("/schemas/test/none.schema.json");
    }
}
