package dev.tandem.contracts.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.JobAccepted;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.problem.FieldError;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractRecordsTest {

    @Test
    void finding_rejectsImpossibleOffsetsAndConfidence() {
        assertThatThrownBy(() -> new Finding(FindingType.EMAIL, 5, 5, "email@1", 1.0)).hasMessageContaining("0 <= start < end");
        assertThatThrownBy(() -> new Finding(FindingType.EMAIL, -1, 5, "email@1", 1.0)).hasMessageContaining("0 <= start < end");
        assertThatThrownBy(() -> new Finding(FindingType.EMAIL, 0, 5, "email@1", 1.5)).hasMessageContaining("confidence");
        assertThat(new Finding(FindingType.IBAN, 10, 32, "iban@1", 1.0).length()).isEqualTo(22);
    }

    @Test
    void findingType_placeholders() {
        assertThat(FindingType.EMAIL.placeholder()).isEqualTo("[EMAIL]");
        assertThat(FindingType.PAYMENT_CARD.placeholder()).isEqualTo("[PAYMENT_CARD]");
        assertThat(FindingType.NATIONAL_ID.placeholder()).isEqualTo("[NATIONAL_ID]");
    }

    @Test
    void outcome_strongestWins() {
        assertThat(Outcome.ALLOW.strongest(Outcome.ALLOW_WITH_REDACTION)).isEqualTo(Outcome.ALLOW_WITH_REDACTION);
        assertThat(Outcome.REVIEW_REQUIRED.strongest(Outcome.ALLOW_WITH_REDACTION)).isEqualTo(Outcome.REVIEW_REQUIRED);
        assertThat(Outcome.REVIEW_REQUIRED.strongest(Outcome.DENY)).isEqualTo(Outcome.DENY);
        assertThat(Outcome.DENY.strongest(Outcome.ALLOW)).isEqualTo(Outcome.DENY);
    }

    @Test
    void redactionPlan_isSortedAndDeduplicated_soEqualPlansSerializeIdentically() {
        RedactionPlan a = new RedactionPlan(List.of(FindingType.PHONE, FindingType.EMAIL, FindingType.PHONE));
        RedactionPlan b = new RedactionPlan(List.of(FindingType.EMAIL, FindingType.PHONE));

        assertThat(a.redact()).containsExactly(FindingType.EMAIL, FindingType.PHONE);
        assertThat(Json.write(a)).isEqualTo(Json.write(b)).isEqualTo("{\"redact\":[\"EMAIL\",\"PHONE\"]}");
        assertThat(a.covers(FindingType.EMAIL)).isTrue();
        assertThat(a.covers(FindingType.IBAN)).isFalse();
    }

    @Test
    void stepEnvelope_roundTripsAndFindsPayloadsByName() {
        StepEnvelope envelope = new StepEnvelope("job-1", "document-compliance", "Extract",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", "corr-1", 1,
                List.of(new PayloadRef("raw", "s3://bucket/jobs/job-1/raw", "ab".repeat(32), 594)));

        StepEnvelope back = Json.read(Json.write(envelope), StepEnvelope.class);

        assertThat(back).isEqualTo(envelope);
        assertThat(back.payload("raw").sizeBytes()).isEqualTo(594);
        assertThatThrownBy(() -> back.payload("chunks")).hasMessageContaining("has no payload 'chunks'");
        assertThatThrownBy(() -> new PayloadRef("raw", "/tmp/x", "00", 1)).hasMessageContaining("s3://");
        assertThatThrownBy(() -> new StepEnvelope("j", "p", "s", null, "c", 0, List.of())).hasMessageContaining("attempt starts at 1");
    }

    @Test
    void policyDecision_roundTripsWithItsRedactionPlan() {
        PolicyDecision d = new PolicyDecision(Outcome.ALLOW_WITH_REDACTION, "1.0.0+abc", List.of("contact-redact"),
                "f".repeat(64), new RedactionPlan(List.of(FindingType.EMAIL)), "agent:task-1", Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(Json.read(Json.write(d), PolicyDecision.class)).isEqualTo(d);
    }

    @Test
    void problemDetails_serializeAsRfc9457_withErrorsOnlyWhenPresent() {
        ProblemDetails plain = ProblemDetails.of(ProblemType.NOT_FOUND, "No job j-1.").withInstance("/v1/jobs/j-1");
        JsonNode json = Json.tree(plain);

        assertThat(json.get("type").asText()).isEqualTo("https://tandem.dev/problems/not-found");
        assertThat(json.get("title").asText()).isEqualTo("Resource not found");
        assertThat(json.get("status").asInt()).isEqualTo(404);
        assertThat(json.get("instance").asText()).isEqualTo("/v1/jobs/j-1");
        assertThat(json.has("errors")).isFalse();

        ProblemDetails invalid = ProblemDetails.of(ProblemType.VALIDATION, "1 field is invalid; see errors.",
                List.of(new FieldError("/purpose", "is required")));
        assertThat(Json.tree(invalid).at("/errors/0/pointer").asText()).isEqualTo("/purpose");
        assertThatThrownBy(() -> new ProblemDetails(ProblemType.INTERNAL.uri(), "x", 200, "d", null, null))
                .hasMessageContaining("4xx or 5xx");
    }

    @Test
    void jobAccepted_linksPointAtTheJobResources() {
        JobAccepted a = new JobAccepted("j-1", JobStatus.ACCEPTED, Instant.EPOCH, JobAccepted.Links.forJob("j-1"));

        assertThat(a.links().self()).isEqualTo("/v1/jobs/j-1");
        assertThat(a.links().audit()).isEqualTo("/v1/jobs/j-1/audit");
        assertThat(a.links().lineage()).isEqualTo("/v1/jobs/j-1/lineage");
        assertThat(JobStatus.COMPLETED.isTerminal()).isTrue();
        assertThat(JobStatus.AWAITING_REVIEW.isTerminal()).isFalse();
    }

    @Test
    void s3Location_parsesClaimCheckUris_andRefusesOthers() {
        S3Location l = S3Location.of("s3://tandem-dev-documents/jobs/j1/findings.json");
        assertThat(l.bucket()).isEqualTo("tandem-dev-documents");
        assertThat(l.key()).isEqualTo("jobs/j1/findings.json");
        assertThat(l.uri()).isEqualTo("s3://tandem-dev-documents/jobs/j1/findings.json");
        assertThatThrownBy(() -> S3Location.of("https://example.org/x")).hasMessageContaining("not an s3:// object uri");
        assertThatThrownBy(() -> S3Location.of("s3://bucket-only")).hasMessageContaining("not an s3:// object uri");
        assertThatThrownBy(() -> S3Location.of("s3://bucket/")).hasMessageContaining("not an s3:// object uri");
    }
}
