package dev.tandem.agent.govern;

import dev.tandem.contracts.pipeline.PolicyDecision;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** One governed task's evaluation, ready to run once its case is EVALUATING; run again when the state it read changed. */
interface Evaluation {

    /** Asks Cedar, reading whatever state the decision depends on afresh. */
    PolicyDecision decide();

    /** The writes that apply the decision to durable state, for the decision's transaction (after the case's). */
    default List<TransactWriteItem> writes(PolicyDecision decision) {
        return List.of();
    }
}
