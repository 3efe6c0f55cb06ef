package dev.tandem.functions.steps.failed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of the {@code MarkFailed} step. */
public class MarkFailedHandler extends StepFunction {

    @Inject
    MarkFailed markFailed;

    public MarkFailedHandler() {
        super();
    }

    public MarkFailedHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String step() {
        return "MarkFailed";
    }

    @Override
    protected Object run(JsonNode input, StepContext context) {
        return markFailed.run(input.path("jobId").asText(), input.path("error"), input.path("failedStep").asText(null));
    }
}
