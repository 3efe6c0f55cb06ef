package dev.tandem.contracts.blueprint;

import java.util.Objects;

/** {@code if (variable == equalsValue) goto next}; variable is a JSONPath into the state. */
public record ChoiceRule(String variable, String equalsValue, String next) {
    public ChoiceRule {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(equalsValue, "equalsValue");
        Objects.requireNonNull(next, "next");
        if (!variable.startsWith("$.")) {
            throw new IllegalArgumentException("choice variable must be a JSONPath starting with $., was " + variable);
        }
    }
}
