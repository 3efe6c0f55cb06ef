package dev.tandem.cdk.functions;

import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.FunctionStep;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One Lambda function of Tandem as deployed: which function, from which artifact, and how it is sized.
 *
 * @param name      the logical name, e.g. {@code SubmitJob} or a pipeline's {@code Extract}
 * @param p99Budget the p99 duration above which a canary deployment rolls back
 */
public record FunctionSpec(String name, String handler, TandemFunction.Artifact artifact, Set<Grant> access, int memoryMb,
                           Duration timeout, Duration p99Budget) {

    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(p99Budget, "p99Budget");
        access = Set.copyOf(access);
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException(name + ": memory must be 128 to 10240 MB");
        }
        if (timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException(name + ": a Lambda function runs at most 15 minutes");
        }
    }

    public static FunctionSpec of(TandemFunction f, int memoryMb, Duration timeout, Duration p99Budget) {
        return new FunctionSpec(f.logicalName(), f.handler(), f.artifact(), f.grants(), memoryMb, timeout, p99Budget);
    }

    public static FunctionSpec of(FunctionStep f, int memoryMb, Duration timeout, Duration p99Budget) {
        return new FunctionSpec(f.name(), f.handler(), TandemFunction.Artifact.STEPS, f.grants(), memoryMb, timeout, p99Budget);
    }

    /** True for the pipeline-steps jar, false for the API jar. */
    public boolean steps() {
        return artifact == TandemFunction.Artifact.STEPS;
    }
}
