package dev.tandem.functions.reviews;

import dev.tandem.contracts.api.ReviewItem;
import java.util.Objects;

/**
 * A review item as stored: the public view plus the workflow's task token, which never leaves the table. A sample has
 * no token: no workflow waits for it.
 */
public record ReviewRecord(ReviewItem item, String taskToken) {
    public ReviewRecord {
        Objects.requireNonNull(item, "item");
        if ((item.kind() == ReviewItem.Kind.DECISION) != (taskToken != null)) {
            throw new IllegalArgumentException("a decision review carries the workflow's task token, and only a decision review does");
        }
    }
}
