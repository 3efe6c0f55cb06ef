package dev.tandem.functions.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.RedactionPlan;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.functions.steps.StepState.ChunkItem;
import dev.tandem.functions.steps.analysis.Redactor;
import dev.tandem.functions.steps.failed.MarkFailedTestAccess;
import dev.tandem.functions.steps.review.RequestReview;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Step inputs as Step Functions delivers them (fixtures), and the steps' pure rules. */
class StepInputsTest {

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = StepInputsTest.class.getResourceAsStream("/events/steps/" + name)) {
            return Json.mapper().readTree(in);
        }
    }

    @Test
    void extractInput_isTheWorkflowInputTheApiWrites() throws IOException {
        WorkflowInput input = Json.convert(fixture("extract-input.json"), WorkflowInput.class);

        assertThat(input.payload().uri()).endsWith("/raw.txt");
        assertThat(input.principal().roles()).containsExactly("submitter");
        assertThat(input.attributes()).containsEntry(LibraryInputs.DATA_CLASSIFICATION, DataClassification.INTERNAL.wireName())
                .containsEntry(LibraryInputs.PURPOSE, "support-kb");
    }

    @Test
    void analyzeChunkInput_isAMapItem() throws IOException {
        ChunkItem item = Json.convert(fixture("analyze-chunk-input.json"), ChunkItem.class);

        assertThat(item.windowStart()).isLessThan(item.start());
        assertThat(item.windowEnd()).isGreaterThan(item.end());
        assertThat(item.windowByteEnd() - item.windowByteStart()).isGreaterThanOrEqualTo(item.windowEnd() - item.windowStart());
    }

    @Test
    void requestReviewInput_carriesTheAgentsDecisionAndATaskToken() throws IOException {
        JsonNode input = fixture("request-review-input.json");
        PolicyDecision decision = Json.convert(input.get("decision"), PolicyDecision.class);

        assertThat(decision.outcome()).isEqualTo(Outcome.REVIEW_REQUIRED);
        assertThat(decision.redactionPlan().redact()).containsExactly(FindingType.EMAIL, FindingType.NATIONAL_ID);
        assertThat(RequestReview.reviewId(input.get("jobId").asText()))
                .isEqualTo(RequestReview.reviewId("3f2b8c1e-9d4a-4c6e-8f1a-2b3c4d5e6f70"))
                .matches("[0-9a-f-]{36}");
    }

    @Test
    void markFailedInput_isStepFunctionsStatusChangeEvent_andKeepsTheLambdaErrorMessageWithoutTheStackTrace() throws IOException {
        JsonNode input = fixture("mark-failed-input.json");
        var bound = Json.convert(input, dev.tandem.contracts.infra.ExecutionEvents.StatusChange.class);

        assertThat(input.path("source").asText()).isEqualTo(dev.tandem.contracts.infra.ExecutionEvents.SOURCE);
        assertThat(input.path("detail-type").asText()).isEqualTo(dev.tandem.contracts.infra.ExecutionEvents.STATUS_CHANGE);
        assertThat(bound.detail().name()).isEqualTo("3f2b8c1e-9d4a-4c6e-8f1a-2b3c4d5e6f70");
        assertThat(bound.detail().status()).isIn(dev.tandem.contracts.infra.ExecutionEvents.UNSUCCESSFUL);
        assertThat(MarkFailedTestAccess.cause(bound.detail().cause()))
                .isEqualTo("model anthropic.claude-3-haiku-20240307-v1:0 did not answer with JSON (prompt sensitivity-v1)");
        assertThat(MarkFailedTestAccess.cause("x".repeat(5000))).hasSize(1003);
        assertThat(MarkFailedTestAccess.cause("")).isEqualTo("no cause was given");
        assertThat(MarkFailedTestAccess.cause("{not json")).isEqualTo("{not json");
    }

    @Test
    void redactor_replacesPlannedTypesOnly_andKeepsEveryOtherCharacter() {
        String text = "Mail a@example.org or call +1 (415) 555-0132.";
        List<Finding> findings = List.of(new Finding(FindingType.EMAIL, 5, 18, "email@1", 0.95),
                new Finding(FindingType.PHONE, 27, 44, "phone@1", 0.85));

        assertThat(Redactor.redact(text, findings, new RedactionPlan(List.of(FindingType.EMAIL))))
                .isEqualTo("Mail [EMAIL] or call +1 (415) 555-0132.");
        assertThat(Redactor.redact(text, findings, RedactionPlan.of(Set.of(FindingType.EMAIL, FindingType.PHONE))))
                .isEqualTo("Mail [EMAIL] or call [PHONE].");
        assertThat(Redactor.redact(text, findings, RedactionPlan.NONE)).isEqualTo(text);
        assertThatThrownBy(() -> Redactor.redact(text, List.of(new Finding(FindingType.EMAIL, 5, 18, "e", 1),
                new Finding(FindingType.PHONE, 10, 20, "p", 1)), RedactionPlan.of(Set.of(FindingType.EMAIL, FindingType.PHONE))))
                .hasMessageContaining("overlap");
    }
}
