package dev.tandem.contracts.api;

import java.util.Objects;

/** Body of {@code POST /v1/reviews/{reviewId}}; schema {@code schemas/v1/review-decision-request.schema.json}. */
public record ReviewDecisionRequest(Verdict decision, String comment) {

    public enum Verdict { APPROVE, REJECT }

    public ReviewDecisionRequest {
        Objects.requireNonNull(decision, "decision");
    }
}
