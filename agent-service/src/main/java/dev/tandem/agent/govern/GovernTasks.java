package dev.tandem.agent.govern;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.GovernTask;
import java.io.UncheckedIOException;

/** Reading the Govern message body. */
public final class GovernTasks {

    private GovernTasks() {
    }

    /**
     * Reads a message body as a Govern task. A body that is not one is an invalid task; the exception
     * carries the task token when the body has one, so the workflow is still told.
     */
    public static GovernTask parse(String body) {
        JsonNode tree;
        try {
            tree = Json.read(body, JsonNode.class);
        } catch (UncheckedIOException e) {
            throw new InvalidTaskException("the message is not JSON", null, false);
        }
        String token = tree.path("taskToken").isTextual() ? tree.path("taskToken").asText() : null;
        if (tree == null || !tree.isObject()) {
            throw new InvalidTaskException("the message is not a JSON object", null, false);
        }
        try {
            return Json.convert(tree, GovernTask.class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // Jackson's message names the field at fault; it never quotes the body's values beyond the field's own.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String detail = cause instanceof JsonMappingException m
                    ? m.getOriginalMessage() + fieldOf(m) : cause.getMessage();
            throw new InvalidTaskException("the message is not a Govern task: " + firstLine(detail), token, false);
        }
    }

    /** The field the mapping failed at, e.g. {@code (field attempt)}; empty when Jackson does not know. */
    private static String fieldOf(JsonMappingException m) {
        String fields = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("");
        return fields.isEmpty() ? "" : " (field " + fields + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
