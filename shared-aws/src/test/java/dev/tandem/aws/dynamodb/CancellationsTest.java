package dev.tandem.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class CancellationsTest {

    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder().message("cancelled")
                .cancellationReasons(Arrays.stream(codes).map(c -> CancellationReason.builder().code(c).build()).toList()).build();
    }

    @Test
    void itemsThatPassedOrMetAConcurrentTransaction_failedNothingOfTheirOwn() {
        TransactionCanceledException e = cancelled("None", "TransactionConflict", "ConditionalCheckFailed", "ValidationError");

        assertThat(Cancellations.atMostConflicted(e, 0, 2)).isTrue();
        assertThat(Cancellations.atMostConflicted(e, 0, 3)).isFalse();
        assertThat(Cancellations.atMostConflicted(e, 3, 4)).isFalse();
        assertThat(Cancellations.atMostConflicted(e, 2, 10)).isFalse();
    }

    @Test
    void anItemMoved_whenItFailedItsConditionOrMetAConcurrentTransaction() {
        TransactionCanceledException e = cancelled("None", "ConditionalCheckFailed", "None", "TransactionConflict", "ThrottlingError");

        assertThat(Cancellations.anyMoved(e, 0, 1)).isFalse();
        assertThat(Cancellations.anyMoved(e, 1, 2)).isTrue();
        assertThat(Cancellations.anyMoved(e, 2, 3)).isFalse();
        assertThat(Cancellations.anyMoved(e, 3, Integer.MAX_VALUE)).isTrue();
        assertThat(Cancellations.anyMoved(e, 4, Integer.MAX_VALUE)).isFalse();
        assertThat(Cancellations.passed(e, 0)).isTrue();
        assertThat(Cancellations.conditionFailed(e, 1)).isTrue();
        assertThat(Cancellations.conditionFailed(e, 9)).isFalse();
    }

    @Test
    void aCancellationWithoutReasons_saysNothingMoved() {
        TransactionCanceledException e = TransactionCanceledException.builder().message("cancelled").build();

        assertThat(Cancellations.reasons(e)).isEmpty();
        assertThat(Cancellations.anyMoved(e, 0, Integer.MAX_VALUE)).isFalse();
        assertThat(Cancellations.passed(e, 0)).isFalse();
    }
}
