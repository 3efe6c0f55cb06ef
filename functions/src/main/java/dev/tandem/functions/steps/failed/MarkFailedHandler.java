package dev.tandem.functions.steps.failed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;

/** Lambda handler of the {@code MarkFailed} step. */
public class MarkFailedHandler extends TypedStepFunction<MarkFailedHandler.Input, Map<String, Object>> {

    /**
     * What the error handler state passes.
     *
     * @param error      the Catch's {@code {"Error": ..., "Cause": ...}}
     * @param failedStep the step that failed, recorded by the workflow's Pass state
     */
    public record Input(String jobId, JsonNode error, String failedStep) {
        public Input {
            Objects.requireNonNull(jobId, "jobId");
            error = error == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : error;
        }
    }

    @Inject
    MarkFailed markFailed;

    public MarkFailedHandler() {
        super(Input.class);
    }

    public MarkFailedHandler(ApplicationContext context) {
        super(Input.class, context);
    }

    @Override
    protected String step() {
        return "MarkFailed";
    }

    @Override
    protected Map<String, Object> handle(Input input, StepContext context) {
        return markFailed.run(input.jobId(), input.error(), input.failedStep());
    }
}
