package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.pipeline.ItemDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A governed step that decides per item, in its pipeline's own vocabulary, over durable per-item state kept across
 * jobs: e.g. one decision per machine of a production line (CONTINUE, SCHEDULE_MAINTENANCE, ...), reading each
 * machine's health trend, open work orders and cooldowns from what earlier jobs decided.
 *
 * <p>The agent asks the step for the task's {@link #items}, reads each item's state (strongly consistent, with its
 * version), asks for an {@link ItemRequest} per item ({@link #requests}) and has Cedar decide each against the step's bundle. A policy
 * declares the item's decision with {@code @decision("...")} (one of {@link #decisions()}) next to its platform
 * {@code @outcome}; of the permits that match an item, the strongest decision (latest in {@link #decisions()}) and the
 * strongest outcome win, a forbid or no permit denies the item. The job's outcome, which the workflow routes on, is the
 * strongest of its items'. The states after the decision ({@link #next}) are written in the same DynamoDB transaction as
 * the case's decision and its audit event, each on the condition that its version is still the one read: two jobs of
 * the same items never both apply a decision to one state, and the one that loses re-evaluates on the new state. A
 * decision records, per item, the state it read.
 *
 * @param <A> the attributes record the task carries
 * @param <S> the durable state of one item
 */
public interface ItemGovernedStep<A extends Record, S extends Record> extends GovernedStep<A> {

    /** The decisions a policy may declare with {@code @decision}, weakest first (the strongest of an item's permits wins). */
    List<String> decisions();

    /** The record an item's state binds to. */
    Class<S> stateType();

    /**
     * The keys of the items this task decides, from verified facts; each at most 200 characters. At most
     * {@link #MAX_ITEMS}: the states are written in one transaction with the decision.
     *
     * @throws EvidenceRejectedException when the evidence or the attributes do not hold together
     */
    List<String> items(GovernContext<A> context);

    /** An item's state before any decision was made for it. */
    S initialState(String item);

    /**
     * The Cedar request for each item, from the verified context and the items' current states: asked once per
     * evaluation, so facts every item shares (the evidence, parsed once) are read once whatever the number of items.
     *
     * @param states each item of {@link #items} with its current state, in that order
     * @return one request per item of {@code states}
     * @throws EvidenceRejectedException when the evidence or the attributes do not hold together
     */
    Map<String, ItemRequest> requests(GovernContext<A> context, Map<String, S> states);

    /**
     * The item's state after its decision. Returning {@code state} itself (or an equal record) writes nothing for the
     * item; the decision still stands only if the state is at the version it read when the decision is committed.
     */
    S next(String item, S state, ItemDecision decision, Instant decidedAt);

    /** A step that decides per item builds its requests per item; the job-wide request is never asked for. */
    @Override
    default PolicyRequest request(GovernContext<A> context) {
        throw new UnsupportedOperationException(name() + " decides per item: see ItemGovernedStep#requests(context, states)");
    }

    /** The most items one task may decide: their state writes share one transaction with the case and the audit event. */
    int MAX_ITEMS = 90;
}
