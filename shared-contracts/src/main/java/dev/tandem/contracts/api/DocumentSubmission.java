package dev.tandem.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * A document submitted to a document pipeline: the body of {@code POST /v1/jobs} for pipelines that use the
 * library's input contract ({@code LibraryInputs.DOCUMENT}); schema {@code schemas/v1/document-submission.schema.json}.
 *
 * @param purpose  what the document will be used for
 * @param document the document itself (inline text, at most {@link Limits#MAX_DOCUMENT_TEXT_BYTES})
 * @param metadata free-form client labels, at most {@link Limits#MAX_METADATA_ENTRIES}; never interpreted
 */
public record DocumentSubmission(Purpose purpose, Document document,
                                 @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) {

    public DocumentSubmission {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(document, "document");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * @param text               the document text (UTF-8 on the wire)
     * @param contentType        media type of the text; only {@code text/plain} is accepted in v1
     * @param name               optional file name, for humans
     * @param dataClassification the submitter's classification; {@code internal} when absent
     */
    public record Document(String text, String contentType, String name, DataClassification dataClassification) {
        public Document {
            Objects.requireNonNull(text, "text");
            contentType = contentType == null ? "text/plain" : contentType;
            dataClassification = dataClassification == null ? DataClassification.INTERNAL : dataClassification;
        }
    }
}
