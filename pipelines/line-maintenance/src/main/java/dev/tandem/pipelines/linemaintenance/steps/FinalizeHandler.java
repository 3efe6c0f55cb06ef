package dev.tandem.pipelines.linemaintenance.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of the {@code Finalize} step: its input is the whole workflow state. */
public class FinalizeHandler extends StepFunction {

    @Inject
    Finalize finalize;

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
        return finalize.run(input, context);
    }
}
