package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.api.Limits;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a job keeps of a validated submission, as a pipeline's {@link InputContract} makes it. The API stores the
 * payload as the job's claim check (the workflow gets only its {@code PayloadRef}), and the attributes on the job
 * record, the workflow input and review items, where steps and policies read them.
 *
 * @param payload    the bytes the pipeline works on (a document's text, a telemetry batch); stored encrypted, never logged
 * @param name       an optional name for humans (a file name), shown to reviewers
 * @param attributes small labels the pipeline's steps and policies decide on (a purpose, a classification, a line id):
 *                   at most {@link Limits#MAX_JOB_ATTRIBUTES}, keys {@code [A-Za-z][A-Za-z0-9]*}, values at most
 *                   {@link Limits#MAX_METADATA_VALUE_LENGTH} characters; never personal data (they appear in the
 *                   execution history and the job view)
 * @param metadata   the client's free-form labels, returned as given and never interpreted
 */
public record Submission(byte[] payload, String name, Map<String, String> attributes, Map<String, String> metadata) {

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0," + (Limits.MAX_METADATA_KEY_LENGTH - 1) + "}");

    public Submission {
        Objects.requireNonNull(payload, "payload");
        attributes = attributes == null ? Map.of() : new LinkedHashMap<>(attributes);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (attributes.size() > Limits.MAX_JOB_ATTRIBUTES) {
            throw new IllegalArgumentException("a job has at most " + Limits.MAX_JOB_ATTRIBUTES + " attributes, was " + attributes.size());
        }
        attributes.forEach((key, value) -> {
            if (!ATTRIBUTE.matcher(key).matches()) {
                throw new IllegalArgumentException("job attribute '" + key + "' must match " + ATTRIBUTE.pattern());
            }
            if (value == null || value.length() > Limits.MAX_METADATA_VALUE_LENGTH) {
                throw new IllegalArgumentException("job attribute " + key + " must have a value of at most "
                        + Limits.MAX_METADATA_VALUE_LENGTH + " characters");
            }
        });
        attributes = java.util.Collections.unmodifiableMap(attributes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Submission s && Arrays.equals(payload, s.payload) && Objects.equals(name, s.name)
                && attributes.equals(s.attributes) && metadata.equals(s.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(payload), name, attributes, metadata);
    }

    @Override
    public String toString() {
        // Never the payload: it is the client's data.
        return "Submission[payload=" + payload.length + " bytes, name=" + name + ", attributes=" + attributes + ", metadata=" + metadata + "]";
    }
}
