package dev.tandem.functions.steps.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.pipeline.PolicyDecision;

/** Lambda handler of the {@code HumanReview} step. */
public class RequestReviewHandler extends StepFunction {

    @Inject
    RequestReview requestReview;

    public RequestReviewHandler() {
        super();
    }

    public RequestReviewHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String step() {
        return "HumanReview";
    }

    @Override
    protected Object run(JsonNode input, StepContext context) {
        if (!input.path("step").isTextual() || !input.path("timeoutSeconds").canConvertToLong()) {
            throw new IllegalArgumentException("the review task names no step or timeoutSeconds; the workflow passes both");
        }
        return requestReview.run(input.path("taskToken").asText(), input.path("jobId").asText(),
                Purpose.fromWire(input.path("purpose").asText()), Json.convert(input.path("decision"), PolicyDecision.class),
                input.path("step").asText(), java.time.Duration.ofSeconds(input.path("timeoutSeconds").asLong()));
    }
}
