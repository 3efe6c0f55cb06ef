package dev.tandem.functions.steps.review;

import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Lambda handler of the {@code HumanReview} step (the library step RequestReview). */
public class RequestReviewHandler extends TypedStepFunction<RequestReviewHandler.Input, Map<String, String>> {

    /**
     * The review state's payload, as the workflow generator writes it.
     *
     * @param attributes     the job attributes (the workflow input's), for the reviewer
     * @param step           the blueprint's review step
     * @param timeoutSeconds how long a reviewer has (the state's TimeoutSeconds)
     */
    public record Input(String taskToken, String jobId, Map<String, String> attributes, PolicyDecision decision, String step, long timeoutSeconds) {
        public Input {
            Objects.requireNonNull(taskToken, "taskToken");
            Objects.requireNonNull(jobId, "jobId");
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
            Objects.requireNonNull(decision, "decision");
            if (step == null || timeoutSeconds <= 0) {
                throw new IllegalArgumentException("the review task names no step or timeoutSeconds; the workflow passes both");
            }
        }
    }

    @Inject
    RequestReview requestReview;

    public RequestReviewHandler() {
        super(Input.class);
    }

    public RequestReviewHandler(ApplicationContext context) {
        super(Input.class, context);
    }

    @Override
    protected String step() {
        return "HumanReview";
    }

    @Override
    protected Map<String, String> handle(Input input, StepContext context) {
        return requestReview.run(input.taskToken(), input.jobId(), input.attributes(), input.decision(), input.step(),
                Duration.ofSeconds(input.timeoutSeconds()));
    }
}
