package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.problem.FieldError;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a pipeline's jobs are submitted: the JSON Schema the body of {@code POST /v1/jobs} is validated against, the
 * record it binds to, and what the job keeps of it ({@link Submission}). The API selects the pipeline by the body's
 * {@code pipeline} field (the default pipeline when absent), removes that field, and validates the rest against the
 * pipeline's schema: every violation becomes a {@code 400 application/problem+json} with a JSON pointer and what to
 * send instead, and nothing is written.
 *
 * <p>Document pipelines can use the library's {@link LibraryInputs#DOCUMENT}; a pipeline with other input declares
 * its own: a schema (draft 2020-12) packaged in its jar, a record, and the mapping.
 *
 * @param <R> the record the validated body binds to
 */
public interface InputContract<R extends Record> {

    /**
     * The class-path resource of the JSON Schema (draft 2020-12), read through the class loader of {@link #bodyType()},
     * e.g. {@code /schemas/my-pipeline/input.schema.json}. It describes the body without {@code pipeline}.
     */
    String schemaResource();

    /** The record a valid body binds to. */
    Class<R> bodyType();

    /**
     * Checks the schema cannot express (byte lengths, rules across fields), on a body that passed the schema.
     *
     * @return the violations, with JSON pointers into the body; empty when valid
     */
    default List<FieldError> check(R body) {
        return List.of();
    }

    /** What the job keeps of a valid body. */
    Submission submission(R body);

    /** A contract from its parts, for pipelines that need no {@link #check}. */
    static <R extends Record> InputContract<R> of(String schemaResource, Class<R> bodyType, Function<R, Submission> submission) {
        Objects.requireNonNull(schemaResource, "schemaResource");
        Objects.requireNonNull(bodyType, "bodyType");
        Objects.requireNonNull(submission, "submission");
        return new InputContract<>() {
            @Override
            public String schemaResource() {
                return schemaResource;
            }

            @Override
            public Class<R> bodyType() {
                return bodyType;
            }

            @Override
            public Submission submission(R body) {
                return submission.apply(body);
            }
        };
    }
}
