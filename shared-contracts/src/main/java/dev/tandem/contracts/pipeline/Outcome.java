package dev.tandem.contracts.pipeline;

/**
 * A policy decision's outcome. When several policies apply, the strongest wins:
 * DENY > REVIEW_REQUIRED > ALLOW_WITH_REDACTION > ALLOW (declaration order is weakest first).
 */
public enum Outcome {
    ALLOW,
    ALLOW_WITH_REDACTION,
    REVIEW_REQUIRED,
    DENY;

    public Outcome strongest(Outcome other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
