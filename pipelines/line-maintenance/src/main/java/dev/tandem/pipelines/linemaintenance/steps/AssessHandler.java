package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;

/** Lambda handler of the {@code Assess} step. */
public class AssessHandler extends TypedStepFunction<AssessHandler.Input, StepResults.Assessment> {

    /** What Assess reads of the workflow state: the prepared batch and each machine's score. */
    public record Input(String jobId, StepResults.Prepared prepared, List<StepResults.Scored> scores) {
        public Input {
            java.util.Objects.requireNonNull(jobId, "jobId");
            java.util.Objects.requireNonNull(prepared, "prepared");
            scores = scores == null ? List.of() : List.copyOf(scores);
        }
    }

    @Inject
    Assess assess;

    public AssessHandler() {
        super(Input.class);
    }

    public AssessHandler(ApplicationContext context) {
        super(Input.class, context);
    }

    @Override
    protected String step() {
        return "Assess";
    }

    @Override
    protected StepResults.Assessment handle(Input input, StepContext context) {
        return assess.run(input.jobId(), input.prepared(), input.scores(), context);
    }
}
