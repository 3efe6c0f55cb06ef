package dev.tandem.functions.steps.complete;

import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;

/** Lambda handler of the {@code Complete} library step: its input is the workflow state with the decision at {@code $.decision}. */
public class CompleteHandler extends TypedStepFunction<CompleteHandler.Input, Map<String, Object>> {

    /** What Complete reads of the workflow state. */
    public record Input(String jobId, PolicyDecision decision) {
        public Input {
            Objects.requireNonNull(jobId, "jobId");
            if (decision == null) {
                throw new IllegalArgumentException("job " + jobId + " reached Complete without a decision at $.decision");
            }
        }
    }

    @Inject
    Complete complete;

    public CompleteHandler() {
        super(Input.class);
    }

    public CompleteHandler(ApplicationContext context) {
        super(Input.class, context);
    }

    @Override
    protected String step() {
        return "Complete";
    }

    @Override
    protected Map<String, Object> handle(Input input, StepContext context) {
        return complete.run(input.jobId(), input.decision(), context.function());
    }
}
