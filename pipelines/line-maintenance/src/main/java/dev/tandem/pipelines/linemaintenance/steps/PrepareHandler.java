package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of the {@code Prepare} step. */
public class PrepareHandler extends TypedStepFunction<WorkflowInput, StepResults.Prepared> {

    @Inject
    Prepare prepare;

    public PrepareHandler() {
        super(WorkflowInput.class);
    }

    public PrepareHandler(ApplicationContext context) {
        super(WorkflowInput.class, context);
    }

    @Override
    protected String step() {
        return "Prepare";
    }

    @Override
    protected StepResults.Prepared handle(WorkflowInput input, StepContext context) {
        return prepare.run(input, context);
    }
}
