package dev.tandem.pipelines.documentcompliance.steps.finalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of the {@code Finalize} step. */
public class FinalizeHandler extends StepFunction {

    @Inject
    Finalize finalizeStep;

    public FinalizeHandler() {
        super();
    }

    public FinalizeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String step() {
        return "Finalize";
    }

    @Override
    protected Object run(JsonNode input, StepContext context) {
        return finalizeStep.run(input, context);
    }
}
