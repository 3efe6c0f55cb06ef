package dev.tandem.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Limits;
import dev.tandem.contracts.api.DocumentSubmission;
import dev.tandem.contracts.api.ReviewDecisionRequest;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.pipeline.spi.Submission;
import dev.tandem.contracts.problem.ContractViolationException;
import dev.tandem.contracts.problem.FieldError;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractValidatorTest {

    private static final ContractValidator VALIDATOR = ContractValidator.load();

    private static final String MINIMAL = """
            {"purpose":"support-kb","document":{"text":"hello"}}""";

    @Test
    void parse_minimalBody_runsTheDefaultPipeline_andAppliesDocumentedDefaults() {
        ContractValidator.PipelineSubmission parsed = VALIDATOR.parseSubmission(bytes(MINIMAL));

        assertThat(parsed.pipeline()).as("absent: the deployment's default (here its only) pipeline").isEqualTo(ExamplePipeline.NAME);
        Submission submission = parsed.submission();
        assertThat(new String(submission.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(submission.attributes()).containsExactly(
                java.util.Map.entry(LibraryInputs.PURPOSE, "support-kb"),
                java.util.Map.entry(LibraryInputs.DATA_CLASSIFICATION, DataClassification.INTERNAL.wireName()));
        assertThat(submission.name()).isNull();
        assertThat(submission.metadata()).isEmpty();
    }

    @Test
    void parse_fullBody_keepsEveryField() {
        ContractValidator.PipelineSubmission parsed = VALIDATOR.parseSubmission(bytes("""
                {"pipeline":"example","purpose":"model-training",
                 "document":{"text":"x","contentType":"text/plain","name":"a.txt","dataClassification":"restricted"},
                 "metadata":{"ticket":"48213","source.system":"helpdesk"}}"""));

        assertThat(parsed.pipeline()).isEqualTo(ExamplePipeline.NAME);
        assertThat(parsed.submission().attributes()).containsEntry(LibraryInputs.PURPOSE, "model-training")
                .containsEntry(LibraryInputs.DATA_CLASSIFICATION, "restricted");
        assertThat(parsed.submission().name()).isEqualTo("a.txt");
        assertThat(parsed.submission().metadata()).containsEntry("ticket", "48213").containsEntry("source.system", "helpdesk");
    }

    static Stream<Arguments> invalidSubmitBodies() {
        String big = "a".repeat(Limits.MAX_DOCUMENT_TEXT_BYTES + 1);
        return Stream.of(
                Arguments.of("missing purpose", "{\"document\":{\"text\":\"x\"}}", "/purpose", "is required"),
                Arguments.of("missing document", "{\"purpose\":\"support-kb\"}", "/document", "is required"),
                Arguments.of("missing text", "{\"purpose\":\"support-kb\",\"document\":{}}", "/document/text", "is required"),
                Arguments.of("unknown purpose", "{\"purpose\":\"marketing\",\"document\":{\"text\":\"x\"}}", "/purpose",
                        "must be one of: support-kb, analytics, model-training"),
                Arguments.of("purpose not a string", "{\"purpose\":7,\"document\":{\"text\":\"x\"}}", "/purpose", "must be"),
                Arguments.of("pipeline not deployed", "{\"pipeline\":\"Other_Pipeline\",\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"}}",
                        "/pipeline", "must be one of: example"),
                Arguments.of("pipeline not a string", "{\"pipeline\":7,\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"}}",
                        "/pipeline", "must be of type string, was number"),
                Arguments.of("body not an object", "[1]", "", "must be of type object"),
                Arguments.of("unknown classification",
                        "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\",\"dataClassification\":\"secret\"}}",
                        "/document/dataClassification", "must be one of: public, internal, confidential, restricted"),
                Arguments.of("unsupported content type",
                        "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\",\"contentType\":\"application/pdf\"}}",
                        "/document/contentType", "must be one of: text/plain"),
                Arguments.of("empty text", "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"\"}}", "/document/text", "must not be empty"),
                Arguments.of("text over 1 MiB", "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"" + big + "\"}}",
                        "/document/text", "must be at most 1048576 characters long"),
                Arguments.of("name too long", "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\",\"name\":\"" + "n".repeat(256) + "\"}}",
                        "/document/name", "must be at most 255 characters long"),
                Arguments.of("unknown top-level field", "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"},\"priority\":1}",
                        "/priority", "is not a known field; remove it (accepted: pipeline, purpose, document, metadata)"),
                Arguments.of("unknown document field", "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\",\"url\":\"s3://a/b\"}}",
                        "/document/url", "is not a known field; remove it (accepted: text, contentType, name, dataClassification)"),
                Arguments.of("metadata value not a string", "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"},\"metadata\":{\"n\":1}}",
                        "/metadata/n", "must be of type string"),
                Arguments.of("metadata value too long",
                        "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"},\"metadata\":{\"k\":\"" + "v".repeat(257) + "\"}}",
                        "/metadata/k", "must be at most 256 characters long"),
                Arguments.of("metadata key not allowed",
                        "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"},\"metadata\":{\"bad key!\":\"v\"}}",
                        "/metadata", "has a key that is not allowed"),
                Arguments.of("too many metadata entries",
                        "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"},\"metadata\":" + metadata(21) + "}",
                        "/metadata", "must have at most 20 entries"),
                Arguments.of("body is an array", "[1,2]", "", "must be of type object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSubmitBodies")
    void parse_invalidBody_reportsPointerAndFix(String label, String body, String pointer, String message) {
        ProblemDetails problem = violation(() -> VALIDATOR.parseSubmission(bytes(body)));

        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION.uri());
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).anySatisfy(e -> {
            assertThat(e.pointer()).isEqualTo(pointer);
            assertThat(e.message()).contains(message);
        });
    }

    @Test
    void parse_twentyMetadataEntries_isAccepted() {
        Submission request = VALIDATOR.parseSubmission(bytes(
                "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"},\"metadata\":" + metadata(20) + "}")).submission();

        assertThat(request.metadata()).hasSize(Limits.MAX_METADATA_ENTRIES);
    }

    @Test
    void parse_textOfExactlyOneMebibyte_isAccepted() {
        String text = "a".repeat(Limits.MAX_DOCUMENT_TEXT_BYTES);

        Submission request = VALIDATOR.parseSubmission(bytes("{\"purpose\":\"support-kb\",\"document\":{\"text\":\"" + text + "\"}}"))
                .submission();

        assertThat(request.payload()).hasSize(Limits.MAX_DOCUMENT_TEXT_BYTES);
    }

    @Test
    void parse_textUnderCharacterLimitButOverByteLimit_isRejectedInBytes() {
        // 400,000 euro signs: 400,000 characters, 1,200,000 bytes of UTF-8.
        String text = "€".repeat(400_000);

        ProblemDetails problem = violation(() -> VALIDATOR.parseSubmission(
                bytes("{\"purpose\":\"support-kb\",\"document\":{\"text\":\"" + text + "\"}}")));

        assertThat(problem.errors()).containsExactly(new FieldError("/document/text",
                "must be at most 1048576 bytes of UTF-8, was 1200000; split the document or submit a shorter one"));
    }

    @Test
    void parse_severalViolations_reportsEachSortedByPointer() {
        ProblemDetails problem = violation(() -> VALIDATOR.parseSubmission(bytes("{\"purpose\":\"x\",\"document\":{},\"extra\":true}")));

        assertThat(problem.errors()).extracting(FieldError::pointer).containsExactly("/document/text", "/extra", "/purpose");
        assertThat(problem.detail()).isEqualTo("3 fields are invalid; see errors.");
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("{\"purpose\": \"support-kb\",\n \"document\": {\"text\": \"x\"", "line 2, column"),
                Arguments.of("{\"purpose\": support-kb}", "line 1, column 13"),
                Arguments.of("{\"purpose\":\"a\",\"purpose\":\"b\"}", "Duplicate field 'purpose'"),
                Arguments.of("{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"}} trailing", "line 1"),
                Arguments.of("", "The request body is empty"),
                Arguments.of("   ", "The request body is empty"));
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void parse_malformedJson_saysWhere(String body, String expected) {
        ProblemDetails problem = violation(() -> VALIDATOR.parseSubmission(bytes(body)));

        assertThat(problem.type()).isEqualTo(ProblemType.MALFORMED_JSON.uri());
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).contains(expected);
    }

    @Test
    void parse_bytesThatAreNotUtf8_areRefusedWhereTheyAre_notReplaced() {
        byte[] prefix = bytes("{\"purpose\":\"support-kb\",\"document\":{\"text\":\"caf");
        byte[] body = new byte[prefix.length + 4];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';

        ProblemDetails problem = violation(() -> VALIDATOR.parseSubmission(body));

        assertThat(problem.type()).isEqualTo(ProblemType.MALFORMED_JSON.uri());
        assertThat(problem.detail()).isEqualTo("The request body is not valid UTF-8: the byte 0xC3 at offset " + prefix.length
                + " does not form a character. Send the body in UTF-8.");
    }

    @Test
    void parse_aLoneSurrogateEscape_isRefusedAtItsField_andAPairIsKept() {
        ProblemDetails problem = violation(() -> VALIDATOR.parseSubmission(bytes(
                "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"ab\\ud800c\"},\"metadata\":{\"k\":\"\\udc00\"}}")));

        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION.uri());
        assertThat(problem.errors()).extracting(FieldError::pointer).containsExactly("/document/text", "/metadata/k");
        assertThat(problem.errors().getFirst().message()).startsWith("contains an unpaired UTF-16 surrogate (\\ud800) at character 2");

        Submission kept = VALIDATOR.parseSubmission(bytes(
                "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"smile \\ud83d\\ude00\"}}")).submission();
        assertThat(new String(kept.payload(), StandardCharsets.UTF_8)).isEqualTo("smile \uD83D\uDE00");
    }

    @Test
    void parse_reviewDecision_validAndInvalid() {
        ReviewDecisionRequest ok = VALIDATOR.parse(ContractSchema.REVIEW_DECISION_REQUEST,
                bytes("{\"decision\":\"REJECT\",\"comment\":\"no\"}"), ReviewDecisionRequest.class);
        assertThat(ok.decision()).isEqualTo(ReviewDecisionRequest.Verdict.REJECT);

        ProblemDetails missing = violation(() -> VALIDATOR.parse(ContractSchema.REVIEW_DECISION_REQUEST,
                bytes("{\"comment\":\"no\"}"), ReviewDecisionRequest.class));
        assertThat(missing.errors()).containsExactly(new FieldError("/decision", "is required"));

        ProblemDetails wrong = violation(() -> VALIDATOR.parse(ContractSchema.REVIEW_DECISION_REQUEST,
                bytes("{\"decision\":\"MAYBE\",\"comment\":\"" + "c".repeat(Limits.MAX_REVIEW_COMMENT_LENGTH + 1) + "\"}"),
                ReviewDecisionRequest.class));
        assertThat(wrong.errors()).containsExactly(
                new FieldError("/comment", "must be at most 2000 characters long"),
                new FieldError("/decision", "must be one of: APPROVE, REJECT"));
    }

    @Test
    void parse_withMismatchedRecordType_isAProgrammingError() {
        assertThatThrownBy(() -> VALIDATOR.parse(ContractSchema.REVIEW_DECISION_REQUEST, bytes("{}"), DocumentSubmission.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String metadata(int entries) {
        ObjectNode node = Json.mapper().createObjectNode();
        for (int i = 0; i < entries; i++) {
            node.put("k" + i, "v");
        }
        return node.toString();
    }

    static ProblemDetails violation(Runnable action) {
        try {
            action.run();
        } catch (ContractViolationException e) {
            return e.problem();
        }
        throw new AssertionError("expected a contract violation");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
