package dev.tandem.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import io.micronaut.context.ApplicationContext;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A step handler with a typed input and output ({@code I -> O}): the input record names the parts of the workflow
 * state the step reads (other fields are ignored), the output is the step's result, stored at the blueprint step's
 * result key; derive the workflow's paths to it with {@code StatePath.result(step, O.class, component)}. A state
 * that does not bind fails the step with a message naming the record and the field.
 *
 * @param <I> the input record
 * @param <O> the result
 */
public abstract class TypedStepFunction<I extends Record, O> extends StepFunction {

    private final Class<I> inputType;

    protected TypedStepFunction(Class<I> inputType) {
        super();
        this.inputType = Objects.requireNonNull(inputType, "inputType");
    }

    protected TypedStepFunction(Class<I> inputType, ApplicationContext context) {
        super(context);
        this.inputType = Objects.requireNonNull(inputType, "inputType");
    }

    /** Runs the step on its bound input. */
    protected abstract O handle(I input, StepContext context);

    @Override
    protected final Object run(JsonNode input, StepContext context) {
        return handle(bind(input), context);
    }

    private I bind(JsonNode input) {
        try {
            return Json.convert(input, inputType);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("step " + step() + " of job " + java.util.Objects.requireNonNullElse(jobIdOf(input), "?") + ": the state is not a "
                    + inputType.getSimpleName() + ": " + Json.problem(e), e);
        }
    }
}
