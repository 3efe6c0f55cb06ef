package dev.tandem.functions.steps.failed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda handler of the {@code MarkFailed} step: the target of the pipeline's execution-failure rule, invoked with
 * Step Functions' "Step Functions Execution Status Change" event ({@code ExecutionEvents}).
 */
public class MarkFailedHandler extends TypedStepFunction<MarkFailedHandler.Input, Map<String, Object>> {

    /** The parts of the EventBridge event the handler reads (others are ignored). */
    public record Input(Detail detail) {
        public Input {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The event's detail.
     *
     * @param name the execution's name: the job id
     */
    public record Detail(String executionArn, String name, String status, String error, String cause) {
        public Detail {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
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
    protected String jobIdOf(JsonNode input) {
        return input.at("/detail/name").asText(null);
    }

    @Override
    protected Map<String, Object> handle(Input input, StepContext context) {
        Detail d = input.detail();
        return markFailed.run(new MarkFailed.Failure(d.name(), d.executionArn(), d.status(), d.error(), d.cause()));
    }
}
