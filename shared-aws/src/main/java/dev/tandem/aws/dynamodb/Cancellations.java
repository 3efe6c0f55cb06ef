package dev.tandem.aws.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Reads why DynamoDB cancelled a transaction: its cancellation reasons, one per item in the order the items were sent
 * ({@code None} for an item that did not fail, {@code ConditionalCheckFailed}, {@code TransactionConflict} when another
 * transaction touched the item, others for real errors).
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
public final class Cancellations {

    private static final String NONE = "None";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private Cancellations() {
    }

    /** The reasons, or an empty list when DynamoDB gave none. */
    public static List<CancellationReason> reasons(TransactionCanceledException e) {
        return e.cancellationReasons() == null ? List.of() : e.cancellationReasons();
    }

    /** True when no item in {@code [from, to)} failed but by a concurrent transaction's conflict (or did not fail). */
    public static boolean atMostConflicted(TransactionCanceledException e, int from, int to) {
        List<CancellationReason> reasons = reasons(e);
        for (int i = from; i < Math.min(to, reasons.size()); i++) {
            String code = reasons.get(i).code();
            if (code != null && !code.equals(NONE) && !code.equals(CONFLICT)) {
                return false;
            }
        }
        return true;
    }

    /** True when an item in {@code [from, to)} failed its condition or met a concurrent transaction: it moved meanwhile. */
    public static boolean anyMoved(TransactionCanceledException e, int from, int to) {
        List<CancellationReason> reasons = reasons(e);
        return reasons.subList(Math.min(from, reasons.size()), Math.min(to, reasons.size())).stream().map(CancellationReason::code)
                .anyMatch(code -> CONDITION_FAILED.equals(code) || CONFLICT.equals(code));
    }

    /** True when the item at {@code index} failed its condition. */
    public static boolean conditionFailed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = reasons(e);
        return reasons.size() > index && CONDITION_FAILED.equals(reasons.get(index).code());
    }

    /** True when the item at {@code index} did not fail. */
    public static boolean passed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = reasons(e);
        return reasons.size() > index && NONE.equals(reasons.get(index).code());
    }
}
