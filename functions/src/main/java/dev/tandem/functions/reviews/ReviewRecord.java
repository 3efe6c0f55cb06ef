package dev.tandem.functions.reviews;

import dev.tandem.contracts.api.ReviewItem;
import java.util.Objects;

/** A review item as stored: the public view plus the workflow's task token, which never leaves the table. */
public record ReviewRecord(ReviewItem item, String taskToken) {
    public ReviewRecord {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(taskToken, "taskToken");
    }
}
