package dev.tandem.contracts.api;

import java.util.List;
import java.util.Objects;

/** {@code GET /v1/reviews}: the review items of one status, oldest first. */
public record ReviewList(ReviewItem.Status status, List<ReviewItem> items) {
    public ReviewList {
        Objects.requireNonNull(status, "status");
        items = items == null ? List.of() : List.copyOf(items);
    }
}
