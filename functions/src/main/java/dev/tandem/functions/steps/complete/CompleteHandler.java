package dev.tandem.functions.steps.complete;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of the {@code Complete} library step: its input is the workflow state with the decision at {@code $.decision}. */
public class CompleteHandler extends StepFunction {

    @Inject
    Complete complete;

    public CompleteHandler() {
        super();
    }

    public CompleteHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String step() {
        return "Complete";
    }

    @Override
    protected Object run(JsonNode input, StepContext context) {
        if (!input.hasNonNull("decision")) {
            throw new IllegalArgumentException("job " + input.path("jobId").asText() + " reached Complete without a decision at $.decision");
        }
        return complete.run(input.path("jobId").asText(), Json.convert(input.path("decision"), PolicyDecision.class), context.function());
    }
}
