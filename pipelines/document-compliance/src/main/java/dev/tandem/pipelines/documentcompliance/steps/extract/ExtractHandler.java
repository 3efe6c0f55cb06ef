package dev.tandem.pipelines.documentcompliance.steps.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import dev.tandem.contracts.pipeline.WorkflowInput;

/** Lambda handler of the {@code Extract} step. */
public class ExtractHandler extends StepFunction {

    @Inject
    Extract extract;

    public ExtractHandler() {
        super();
    }

    public ExtractHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String step() {
        return "Extract";
    }

    @Override
    protected Object run(JsonNode input, StepContext context) {
        return extract.run(Json.convert(input, WorkflowInput.class), context);
    }
}
