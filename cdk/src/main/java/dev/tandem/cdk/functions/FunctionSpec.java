package dev.tandem.cdk.functions;

import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.infra.TandemFunction;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One Lambda function of Tandem as deployed: which function and how it is sized.
 *
 * @param function  identity, handler, artifact and grants
 * @param p99Budget the p99 duration above which a canary deployment rolls back
 */
public record FunctionSpec(TandemFunction function, int memoryMb, Duration timeout, Duration p99Budget) {

    public FunctionSpec {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(p99Budget, "p99Budget");
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException(function.logicalName() + ": memory must be 128 to 10240 MB");
        }
        if (timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException(function.logicalName() + ": a Lambda function runs at most 15 minutes");
        }
    }

    /** The logical name, e.g. {@code SubmitJob}. */
    public String name() {
        return function.logicalName();
    }

    public String handler() {
        return function.handler();
    }

    /** True for the pipeline-steps jar, false for the API jar. */
    public boolean steps() {
        return function.artifact() == TandemFunction.Artifact.STEPS;
    }

    public Set<Grant> access() {
        return function.grants();
    }
}
