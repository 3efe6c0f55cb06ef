package dev.tandem.contracts.api;

import java.time.Instant;
import java.util.Objects;

/** A reviewer's recorded decision on a review item. */
public record ReviewDecision(ReviewDecisionRequest.Verdict verdict, String comment, String reviewer, Instant decidedAt) {
    public ReviewDecision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
