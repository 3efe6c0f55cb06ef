package dev.tandem.pipelines.linemaintenance;

import dev.tandem.contracts.pipeline.ItemDecision;

/** Work orders a SCHEDULE_MAINTENANCE opens: their id follows from the decision, so the state and the published event agree. */
public final class WorkOrders {

    private WorkOrders() {
    }

    /** {@code wo-} and the first 12 hex digits of the decision's input hash: the same decision, the same work order. */
    public static String id(ItemDecision decision) {
        return "wo-" + decision.inputHash().substring(0, 12);
    }
}
