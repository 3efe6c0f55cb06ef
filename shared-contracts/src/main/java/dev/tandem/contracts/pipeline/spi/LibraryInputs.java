package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.api.DocumentSubmission;
import dev.tandem.contracts.api.Limits;
import dev.tandem.contracts.problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Input contracts Tandem ships for any pipeline to use as its {@link PipelineDefinition#input()}. */
public final class LibraryInputs {

    /** The job attribute that holds a document's purpose ({@code Purpose}'s wire name). */
    public static final String PURPOSE = "purpose";
    /** The job attribute that holds a document's classification ({@code DataClassification}'s wire name). */
    public static final String DATA_CLASSIFICATION = "dataClassification";

    /**
     * A text document with the purpose it is intended for ({@link DocumentSubmission}): the payload is the text in
     * UTF-8, the job attributes are {@link #PURPOSE} and {@link #DATA_CLASSIFICATION}, the name is the document's.
     */
    public static final InputContract<DocumentSubmission> DOCUMENT = new InputContract<>() {
        @Override
        public String schemaResource() {
            return "/schemas/v1/document-submission.schema.json";
        }

        @Override
        public Class<DocumentSubmission> bodyType() {
            return DocumentSubmission.class;
        }

        /**
         * JSON Schema's maxLength counts characters; the limit is on UTF-8 bytes (what is stored and billed), which
         * can be up to 4x larger, so it is checked here as well.
         */
        @Override
        public List<FieldError> check(DocumentSubmission body) {
            int bytes = body.document().text().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Limits.MAX_DOCUMENT_TEXT_BYTES) {
                return List.of(new FieldError("/document/text", "must be at most " + Limits.MAX_DOCUMENT_TEXT_BYTES
                        + " bytes of UTF-8, was " + bytes + "; split the document or submit a shorter one"));
            }
            return List.of();
        }

        @Override
        public Submission submission(DocumentSubmission body) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put(PURPOSE, body.purpose().wireName());
            attributes.put(DATA_CLASSIFICATION, body.document().dataClassification().wireName());
            return new Submission(body.document().text().getBytes(StandardCharsets.UTF_8), body.document().name(),
                    attributes, body.metadata());
        }
    };

    private LibraryInputs() {
    }
}
