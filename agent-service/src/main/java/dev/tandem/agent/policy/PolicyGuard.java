package dev.tandem.agent.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.AgentIdentity;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.spi.ItemRequest;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.RedactionPlan;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The policy decision point of one governed step: evaluates the step's {@link PolicyRequest} against its
 * bundle with Cedar and turns Cedar's answer into a Tandem outcome.
 *
 * <p>Cedar denies when any forbid policy matches (outcome DENY, the forbid policies determine it) or
 * when no permit matches (DENY by default). Otherwise the matching permit policies determine it: the
 * strongest of their outcomes wins (REVIEW_REQUIRED over ALLOW_WITH_REDACTION over ALLOW), and the
 * redaction plan is the union of their {@code @redact} types that the evidence has. Every decision records
 * the bundle id, the determining policy ids and a SHA-256 of the exact authorization input.
 */
public final class PolicyGuard {

    /** Recorded as the determining policy when no permit matched. */
    public static final String DEFAULT_DENY = "default-deny";

    private final PolicyBundle bundle;
    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final String decidedBy;
    private final Clock clock;
    private final AgentIdentity agent;

    public PolicyGuard(PolicyBundle bundle, String decidedBy, Clock clock) {
        this(bundle, decidedBy, clock, null);
    }

    /** {@code agent} is stamped into every decision (task ARN, image digest); null in tools and tests. */
    public PolicyGuard(PolicyBundle bundle, String decidedBy, Clock clock, AgentIdentity agent) {
        this.bundle = bundle;
        this.decidedBy = decidedBy;
        this.clock = clock;
        this.agent = agent;
    }

    public PolicyBundle bundle() {
        return bundle;
    }

    public PolicyDecision decide(String jobId, PolicyRequest asked) {
        // As the bundle's schema sees it: what it does not declare, none of its policies reads (RequestShape).
        PolicyRequest request = bundle.shape().project(asked);
        List<String> determining = new ArrayList<>();
        boolean allowed = evaluate("job " + jobId, request, determining);
        Outcome outcome;
        Set<FindingType> redact = EnumSet.noneOf(FindingType.class);
        if (!allowed) {
            outcome = Outcome.DENY;
        } else {
            outcome = Outcome.ALLOW;
            for (String id : determining) {
                PolicyBundle.Rule rule = bundle.rule(id);
                outcome = outcome.strongest(rule.outcome());
                // A policy names the types it redacts; the plan names those the evidence has.
                rule.redact().stream().filter(request.redactable()::contains).forEach(redact::add);
            }
        }
        RedactionPlan plan = outcome == Outcome.ALLOW || outcome == Outcome.DENY ? RedactionPlan.NONE : RedactionPlan.of(redact);
        return new PolicyDecision(outcome, bundle.id(), determining, inputHash(request), plan, decidedBy,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), agent);
    }

    /** One item to decide: its key, its request, and its state as read (null and 0 when it has none yet). */
    public record ItemInput(String item, ItemRequest request, JsonNode stateRead, long stateVersion) {
    }

    /**
     * Decides each item with Cedar (see {@link dev.tandem.contracts.pipeline.spi.ItemGovernedStep}): an item's decision is
     * the strongest {@code @decision} of the permits that matched it (latest in {@code vocabulary}), its outcome the
     * strongest {@code @outcome}; a forbid, or no permit, denies it. The job's outcome is the strongest of its items', its
     * determining policies all of theirs, and its input hash a SHA-256 over the bundle and every item's input hash.
     */
    public PolicyDecision decideItems(String jobId, List<String> vocabulary, List<ItemInput> inputs) {
        List<ItemDecision> items = new ArrayList<>(inputs.size());
        Outcome outcome = Outcome.ALLOW;
        java.util.SortedSet<String> determiningAll = new java.util.TreeSet<>();
        ObjectNode hashes = Json.mapper().createObjectNode();
        hashes.put("bundle", bundle.id());
        ObjectNode byItem = hashes.putObject("items");
        for (ItemInput input : inputs) {
            List<String> determining = new ArrayList<>();
            PolicyRequest request = bundle.shape().project(input.request().request());
            boolean allowed = evaluate("item " + input.item() + " of job " + jobId, request, determining);
            Outcome itemOutcome = allowed ? Outcome.ALLOW : Outcome.DENY;
            String decision = null;
            if (allowed) {
                for (String id : determining) {
                    PolicyBundle.Rule rule = bundle.rule(id);
                    itemOutcome = itemOutcome.strongest(rule.outcome());
                    if (decision == null || vocabulary.indexOf(rule.decision()) > vocabulary.indexOf(decision)) {
                        decision = rule.decision();
                    }
                }
            }
            String hash = inputHash(request);
            byItem.put(input.item(), hash);
            items.add(new ItemDecision(input.item(), decision, itemOutcome, determining, hash, input.request().basis(),
                    input.stateRead(), input.stateVersion()));
            outcome = outcome.strongest(itemOutcome);
            determiningAll.addAll(determining);
        }
        return new PolicyDecision(outcome, bundle.id(), List.copyOf(determiningAll), canonicalHash(hashes), RedactionPlan.NONE, decidedBy,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), agent, items);
    }

    /** Asks Cedar; fills {@code determining} (sorted; {@link #DEFAULT_DENY} when nothing permitted) and says whether it allowed. */
    private boolean evaluate(String what, PolicyRequest request, List<String> determining) {
        EntityUID principal = uid(request.principal().ref());
        EntityUID action = uid(request.action().ref());
        EntityUID resource = uid(request.resource().ref());
        Set<Entity> entities = new HashSet<>();
        for (PolicyRequest.Entity e : request.entities()) {
            entities.add(entity(e));
        }
        entities.add(entity(request.principal()));
        entities.add(entity(request.action()));
        entities.add(entity(request.resource()));
        Map<String, Value> context = new LinkedHashMap<>();
        request.context().forEach((k, v) -> context.put(k, value(v)));

        AuthorizationResponse response;
        try {
            response = engine.isAuthorized(new AuthorizationRequest(principal, action, resource, Optional.of(context),
                    Optional.of(bundle.schema()), true), bundle.policySet(), entities);
        } catch (AuthException e) {
            throw new PolicyEvaluationException("Cedar could not evaluate " + what + ": " + e.getMessage(), e);
        }
        AuthorizationSuccessResponse success = response.success.orElseThrow(() -> new PolicyEvaluationException(
                "Cedar refused the request of " + what + ": " + response.errors.map(Object::toString).orElse("no detail")));
        if (!success.getErrors().isEmpty()) {
            // A policy that errors is skipped by Cedar; for governance that is not a decision we trust.
            throw new PolicyEvaluationException("policies failed while evaluating " + what + ": " + success.getErrors());
        }
        determining.addAll(success.getReason());
        determining.sort(null);
        if (!success.isAllowed() && determining.isEmpty()) {
            determining.add(DEFAULT_DENY);
        }
        return success.isAllowed();
    }

    /**
     * SHA-256 of the RFC 8785 canonical JSON of exactly what Cedar was asked (bundle, principal, action,
     * resource, context, further entities); sets are sorted, so the hash does not depend on their order.
     */
    String inputHash(PolicyRequest request) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("bundle", bundle.id());
        root.set("principal", json(request.principal()));
        root.set("action", json(request.action()));
        root.set("resource", json(request.resource()));
        root.set("context", attributes(request.context()));
        List<JsonNode> others = new ArrayList<>();
        request.entities().forEach(e -> others.add(json(e)));
        others.sort((a, b) -> Json.write(a).compareTo(Json.write(b)));
        root.putArray("entities").addAll(others);
        return canonicalHash(root);
    }

    private static String canonicalHash(JsonNode root) {
        try {
            return Digests.sha256Hex(new JsonCanonicalizer(Json.write(root)).getEncodedString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot canonicalize the authorization input", e);
        }
    }

    private static JsonNode json(PolicyRequest.Entity e) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("type", e.ref().type());
        node.put("id", e.ref().id());
        node.set("attributes", attributes(e.attributes()));
        List<String> parents = e.parents().stream().map(p -> p.type() + "::" + p.id()).sorted().toList();
        ArrayNode array = node.putArray("parents");
        parents.forEach(array::add);
        return node;
    }

    private static ObjectNode attributes(Map<String, Object> values) {
        ObjectNode node = Json.mapper().createObjectNode();
        values.forEach((k, v) -> node.set(k, jsonValue(v)));
        return node;
    }

    private static JsonNode jsonValue(Object v) {
        if (v instanceof Collection<?> values) {
            List<JsonNode> items = new ArrayList<>();
            values.forEach(item -> items.add(jsonValue(item)));
            items.sort((a, b) -> Json.write(a).compareTo(Json.write(b)));
            return Json.mapper().createArrayNode().addAll(items);
        }
        if (v instanceof PolicyRequest.EntityRef ref) {
            return Json.mapper().createObjectNode().put("type", ref.type()).put("id", ref.id());
        }
        return Json.mapper().valueToTree(v);
    }

    private static Entity entity(PolicyRequest.Entity e) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        e.attributes().forEach((k, v) -> attributes.put(k, value(v)));
        Set<EntityUID> parents = new HashSet<>();
        e.parents().forEach(p -> parents.add(uid(p)));
        return new Entity(uid(e.ref()), attributes, parents);
    }

    private static Value value(Object v) {
        return switch (v) {
            case String s -> new PrimString(s);
            case Long l -> new PrimLong(l);
            case Integer i -> new PrimLong(i);
            case Boolean b -> new PrimBool(b);
            case PolicyRequest.EntityRef ref -> uid(ref);
            case Collection<?> values -> {
                List<Value> items = new ArrayList<>();
                values.forEach(item -> items.add(value(item)));
                yield new CedarList(items);
            }
            default -> throw new IllegalArgumentException("not a Cedar value: " + v.getClass().getSimpleName());
        };
    }

    private static EntityUID uid(PolicyRequest.EntityRef ref) {
        EntityTypeName type = EntityTypeName.parse(ref.type())
                .orElseThrow(() -> new IllegalArgumentException("bad Cedar type name " + ref.type()));
        return type.of(ref.id());
    }

    /** Cedar could not produce a trustworthy decision; the step fails (the workflow can Catch it) rather than guess. */
    public static final class PolicyEvaluationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PolicyEvaluationException(String message) {
            super(message);
        }

        PolicyEvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
