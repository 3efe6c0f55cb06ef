package dev.tandem.functions.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.executor.FunctionInitializer;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda handler of {@code SubmitFromEvent}: the target of the stage's submission-event rule, invoked with the EventBridge
 * event ({@code JobEventNames.SUBMIT}) whose detail is a job's body.
 */
public class SubmitFromEventHandler extends FunctionInitializer implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    SubmitFromEvent submitFromEvent;

    public SubmitFromEventHandler() {
        super();
    }

    public SubmitFromEventHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        JsonNode tree = Json.mapper().valueToTree(event);
        SubmitFromEvent.Outcome outcome = context == null ? submitFromEvent.submit(tree)
                : PowertoolsLogging.withLogging(context, () -> submitFromEvent.submit(tree));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", outcome.eventId());
        if (outcome.jobId() != null) {
            out.put("jobId", outcome.jobId());
            out.put("replayed", outcome.replayed());
        } else {
            out.put("rejected", outcome.rejectedRecord());
            out.put("reason", outcome.problemType());
        }
        return out;
    }
}
