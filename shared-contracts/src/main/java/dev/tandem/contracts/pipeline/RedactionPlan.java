package dev.tandem.contracts.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which finding types to replace with their placeholders. Kept as a sorted list so that equal plans
 * serialize identically (decisions are hashed into the audit chain).
 */
public record RedactionPlan(List<FindingType> redact) {

    public static final RedactionPlan NONE = new RedactionPlan(List.of());

    public RedactionPlan {
        redact = redact == null ? List.of() : List.copyOf(redact.isEmpty()
                ? EnumSet.noneOf(FindingType.class) : EnumSet.copyOf(redact));
    }

    public static RedactionPlan of(Set<FindingType> types) {
        return new RedactionPlan(List.copyOf(types));
    }

    @JsonIgnore
    public boolean isEmpty() {
        return redact.isEmpty();
    }

    public boolean covers(FindingType type) {
        return redact.contains(type);
    }
}
