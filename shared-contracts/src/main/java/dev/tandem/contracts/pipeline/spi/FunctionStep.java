package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.infra.Grant;
import java.util.Objects;
import java.util.Set;

/**
 * A Lambda function a pipeline's workflow invokes: the blueprint names it ({@code Step.task(..).onFunction(name)}),
 * the CDK app deploys one per pipeline (its own name, role, version, alias and canary), and the local stack runs
 * what the synthesized template says about it.
 *
 * @param name    the logical name, e.g. {@code Extract}: what the blueprint's {@code onFunction} refers to; the
 *                deployed function is {@code tandem-<stage>-<pipeline>-<name>}
 * @param handler the handler class, the function's {@code Handler} string
 * @param grants  what it may touch; the CDK app turns each into the narrowest IAM grant
 */
public record FunctionStep(String name, String handler, Set<Grant> grants) {

    public FunctionStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        grants = grants == null ? Set.of() : Set.copyOf(grants);
        if (!name.matches("[A-Z][A-Za-z0-9]{0,31}")) {
            throw new IllegalArgumentException("a function step's name is 1-32 letters and digits starting with a capital: '" + name + "'");
        }
        if (!handler.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+")) {
            throw new IllegalArgumentException("function step " + name + ": the handler is a fully qualified class name, was '" + handler + "'");
        }
    }
}
