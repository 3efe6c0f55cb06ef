package dev.tandem.contracts.api;

import java.util.List;
import java.util.Objects;

/** {@code GET /v1/reviews}: the review items of one status and kind, oldest first. */
public record ReviewList(ReviewItem.Status status, ReviewItem.Kind kind, List<ReviewItem> items) {
    public ReviewList {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        items = items == null ? List.of() : List.copyOf(items);
    }
}
