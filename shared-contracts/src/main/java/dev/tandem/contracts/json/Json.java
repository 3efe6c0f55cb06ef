package dev.tandem.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration every Tandem module uses for contracts, so that a record written by a
 * function reads back identically in the agent, the API and the tests.
 *
 * <p>Nulls are omitted (absent and null mean the same in our contracts); times are ISO-8601 strings;
 * unknown properties are tolerated when reading internal envelopes, because contracts only ever gain
 * fields (public request bodies are checked against their JSON Schema first, which rejects them).
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {
    }

    /** The shared mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot serialize " + value.getClass().getName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Why a {@link #convert} or {@link #read} failed, in one line a caller can report: Jackson's own message and the field
     * it failed at, e.g. {@code Cannot map `null` into type `int` (field attempt)}. Jackson's message names the field and
     * the expected type; it quotes no more of the input than the offending token.
     */
    public static String problem(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String detail;
        if (cause instanceof JsonMappingException m) {
            String fields = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("");
            detail = m.getOriginalMessage() + (fields.isEmpty() ? "" : " (field " + fields + ")");
        } else {
            detail = cause.getMessage();
        }
        return detail == null ? "unreadable" : detail.lines().findFirst().orElse("unreadable");
    }
}
