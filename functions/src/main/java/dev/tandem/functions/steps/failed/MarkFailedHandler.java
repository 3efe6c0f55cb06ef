package dev.tandem.functions.steps.failed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.ExecutionEvents;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Lambda handler of the {@code MarkFailed} step: the target of the pipeline's execution-failure rule, invoked with
 * Step Functions' "Step Functions Execution Status Change" event ({@code ExecutionEvents}).
 */
public class MarkFailedHandler extends TypedStepFunction<ExecutionEvents.StatusChange, Map<String, Object>> {

    @Inject
    MarkFailed markFailed;

    public MarkFailedHandler() {
        super(ExecutionEvents.StatusChange.class);
    }

    public MarkFailedHandler(ApplicationContext context) {
        super(ExecutionEvents.StatusChange.class, context);
    }

    @Override
    protected String step() {
        return "MarkFailed";
    }

    @Override
    protected String jobIdOf(JsonNode input) {
        return input.at("/detail/name").asText(null);
    }

    @Override
    protected Map<String, Object> handle(ExecutionEvents.StatusChange input, StepContext context) {
        ExecutionEvents.StatusChange.Detail d = input.detail();
        return markFailed.run(new MarkFailed.Failure(d.name(), d.executionArn(), d.status(), d.error(), d.cause()));
    }
}
