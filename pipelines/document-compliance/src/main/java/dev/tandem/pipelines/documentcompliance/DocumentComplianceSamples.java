package dev.tandem.pipelines.documentcompliance;

import static dev.tandem.contracts.api.JobStatus.COMPLETED;
import static dev.tandem.contracts.pipeline.Outcome.ALLOW_WITH_REDACTION;
import static dev.tandem.contracts.pipeline.Outcome.REVIEW_REQUIRED;

import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.api.ReviewDecisionRequest.Verdict;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.spi.Sample;
import java.util.List;
import java.util.Map;

/**
 * The sample documents (the repository's {@code samples/}, packaged under {@code samples/document-compliance/}) submitted
 * for {@code support-kb}, with the results {@code samples/README.md} lists for that purpose; a test keeps the two agreeing.
 */
final class DocumentComplianceSamples {

    static final Purpose PURPOSE = Purpose.SUPPORT_KB;

    private DocumentComplianceSamples() {
    }

    static List<Sample> all() {
        return List.of(
                sample("clean-product-faq.txt", COMPLETED, null, null),
                sample("support-ticket-contact.txt", COMPLETED, ALLOW_WITH_REDACTION, null),
                sample("invoice-payment.txt", COMPLETED, ALLOW_WITH_REDACTION, null),
                sample("hr-letter-national-id.txt", COMPLETED, REVIEW_REQUIRED, Verdict.APPROVE),
                sample("incident-report-network.txt", COMPLETED, ALLOW_WITH_REDACTION, null),
                sample("false-positives.txt", COMPLETED, null, null),
                sample("multilingual-mixed.txt", COMPLETED, ALLOW_WITH_REDACTION, null),
                sample("meeting-notes-long.txt", COMPLETED, ALLOW_WITH_REDACTION, null));
    }

    /** The packaged text of a sample document. */
    static String text(String file) {
        return Sample.resource(DocumentComplianceSamples.class, "/samples/document-compliance/" + file);
    }

    private static Sample sample(String file, JobStatus status, Outcome decision, Verdict review) {
        String body = Json.write(Map.of("purpose", PURPOSE.wireName(), "document", Map.of("text", text(file), "name", file)));
        return new Sample(file, body, status, decision, review);
    }
}
