package dev.tandem.contracts.api;

import java.time.Instant;
import java.util.Objects;

/** Progress of one blueprint step within a job. */
public record StepProgress(String step, State state, Instant startedAt, Instant endedAt) {

    public enum State { PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED }

    public StepProgress {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(state, "state");
    }
}
