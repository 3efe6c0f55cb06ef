package dev.tandem.cdk.functions;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One Lambda function of Tandem.
 *
 * @param name      logical name, e.g. {@code SubmitJob}; the blueprint's handler name for pipeline steps
 * @param steps     true for the pipeline-steps jar, false for the API jar
 * @param handler   the handler class
 * @param p99Budget the p99 duration above which a canary deployment rolls back
 */
public record FunctionSpec(String name, boolean steps, String handler, int memoryMb, Duration timeout, Duration p99Budget,
                           Set<Access> access) {

    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(p99Budget, "p99Budget");
        access = access.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(access));
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException(name + ": memory must be 128 to 10240 MB");
        }
        if (timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException(name + ": a Lambda function runs at most 15 minutes");
        }
    }
}
