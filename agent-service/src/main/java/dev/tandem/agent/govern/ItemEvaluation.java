package dev.tandem.agent.govern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.agent.cases.ItemStates;
import dev.tandem.agent.policy.PolicyGuard;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.spi.EvidenceRejectedException;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.ItemGovernedStep;
import dev.tandem.contracts.pipeline.spi.ItemRequest;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The evaluation of a task of an {@link ItemGovernedStep}: the items' states are read (strongly consistent), each item
 * is decided on its state, and each changed state is written on the condition that its version is the one read.
 */
final class ItemEvaluation<A extends Record, S extends Record> implements Evaluation {

    /** An item key's longest form: it is part of a DynamoDB key and of the audit event's details. */
    static final int MAX_ITEM_KEY = 200;

    private final GovernTask task;
    private final ItemGovernedStep<A, S> step;
    private final GovernContext<A> context;
    private final List<String> items;
    private final PolicyGuard guard;
    private final ItemStates states;
    private final Map<String, S> read = new LinkedHashMap<>();

    private ItemEvaluation(GovernTask task, ItemGovernedStep<A, S> step, GovernContext<A> context, List<String> items, PolicyGuard guard,
                           ItemStates states) {
        this.task = task;
        this.step = step;
        this.context = context;
        this.items = items;
        this.guard = guard;
        this.states = states;
    }

    /** Asks the step for the task's items and checks them; a refusal is an invalid task. */
    @SuppressWarnings("unchecked")
    static <A extends Record, S extends Record> ItemEvaluation<A, S> prepare(GovernTask task, ItemGovernedStep<A, S> step,
                                                                            GovernContext<? extends Record> verified, PolicyGuard guard,
                                                                            ItemStates states) {
        GovernContext<A> context = (GovernContext<A>) verified;
        List<String> items = Evidence.refusing(task, () -> {
            List<String> keys = List.copyOf(step.items(context));
            if (keys.isEmpty() || keys.size() > ItemGovernedStep.MAX_ITEMS) {
                throw new EvidenceRejectedException("the task names " + keys.size() + " items; a task decides 1 to "
                        + ItemGovernedStep.MAX_ITEMS);
            }
            if (new HashSet<>(keys).size() != keys.size()) {
                throw new EvidenceRejectedException("the task names an item twice: " + keys);
            }
            keys.stream().filter(k -> k.isBlank() || k.length() > MAX_ITEM_KEY).findFirst().ifPresent(k -> {
                throw new EvidenceRejectedException("an item key must be 1 to " + MAX_ITEM_KEY + " characters");
            });
            return keys;
        });
        return new ItemEvaluation<>(task, step, context, items, guard, states);
    }

    @Override
    public PolicyDecision decide() {
        Map<String, ItemStates.Stored> stored = states.read(task.pipeline(), step.name(), items);
        read.clear();
        for (String item : items) {
            ItemStates.Stored s = stored.get(item);
            try {
                read.put(item, s == null ? step.initialState(item) : Json.convert(s.state(), step.stateType()));
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new IllegalStateException("the stored state of item " + item + " is not a " + step.stateType().getSimpleName()
                        + ": " + Json.problem(e), e);
            }
        }
        Map<String, ItemRequest> requests = Evidence.refusing(task, () -> step.requests(context, Collections.unmodifiableMap(read)));
        List<PolicyGuard.ItemInput> inputs = new ArrayList<>(items.size());
        for (String item : items) {
            ItemRequest request = requests.get(item);
            if (request == null) {
                throw new IllegalStateException(step.name() + " built no request for item " + item);
            }
            ItemStates.Stored s = stored.get(item);
            inputs.add(new PolicyGuard.ItemInput(item, request, s == null ? null : s.state(), s == null ? 0 : s.version()));
        }
        return guard.decideItems(task.jobId(), step.decisions(), inputs);
    }

    @Override
    public List<TransactWriteItem> writes(PolicyDecision decision) {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (ItemDecision d : decision.items()) {
            S before = read.get(d.item());
            S after = step.next(d.item(), before, d, decision.decidedAt());
            if (after != null && !after.equals(before)) {
                JsonNode state = Json.mapper().valueToTree(after);
                writes.add(states.write(task.pipeline(), step.name(), d.item(), state, d.stateVersion(), task.jobId()));
            } else {
                // Unchanged, but decided on this version: the decision stands only if nobody changed it meanwhile.
                writes.add(states.unchanged(task.pipeline(), step.name(), d.item(), d.stateVersion()));
            }
        }
        return writes;
    }
}
