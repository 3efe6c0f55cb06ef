package dev.tandem.agent.govern;

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
            throw new InvalidTaskException("the message is not a Govern task: " + Json.problem(e), token, false);
        }
    }
}
