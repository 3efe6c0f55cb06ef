package dev.tandem.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What the submitter intends to use the document for; policies decide per purpose. */
public enum Purpose {
    SUPPORT_KB("support-kb"),
    ANALYTICS("analytics"),
    MODEL_TRAINING("model-training");

    private final String wireName;

    Purpose(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Purpose fromWire(String value) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown purpose '" + value + "'; use one of " + wireNames()));
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(Purpose::wireName).collect(Collectors.joining(", "));
    }
}
