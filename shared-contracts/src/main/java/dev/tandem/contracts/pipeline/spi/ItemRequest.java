package dev.tandem.contracts.pipeline.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One item's Cedar request, built by an {@link ItemGovernedStep} from verified facts and the item's state.
 *
 * @param request the authorization request for this item
 * @param basis   facts recorded with the item's decision (the model version that scored it, the score): what a reviewer
 *                or an auditor reads next to the decision without opening the evidence
 */
public record ItemRequest(PolicyRequest request, Map<String, String> basis) {

    public ItemRequest {
        Objects.requireNonNull(request, "request");
        basis = basis == null ? Map.of() : Map.copyOf(basis);
    }
}
