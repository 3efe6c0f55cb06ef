package dev.tandem.agent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bundle's schema declares of a request: each entity type's attributes and each action's context. A request is
 * decided as its bundle's schema sees it ({@link #project}): an attribute the schema does not declare is left out, since
 * no policy validated against that schema can read it (and Cedar refuses a request that carries one). So a pipeline may
 * add what its newer policies read, and a stage pinned to an older bundle (a rollback) still decides, on exactly what
 * that bundle's policies read; the decision's input hash covers that projected request.
 *
 * <p>Read from the schema's JSON form ({@code entityTypes.<type>.shape}, {@code actions.<name>.appliesTo.context},
 * a record or a common type naming one). A type or action whose shape this cannot read is passed as it is: Cedar's own
 * validation of the request then decides.
 */
final class RequestShape {

    /** Declared attributes by entity type ({@code Namespace::Type}). */
    private final Map<String, Set<String>> entities;
    /** Declared context attributes by action ({@code Namespace::Action} and its id). */
    private final Map<PolicyRequest.EntityRef, Set<String>> contexts;

    private RequestShape(Map<String, Set<String>> entities, Map<PolicyRequest.EntityRef, Set<String>> contexts) {
        this.entities = entities;
        this.contexts = contexts;
    }

    /** The shape of a schema in Cedar's JSON schema format. */
    static RequestShape of(JsonNode schema) {
        Map<String, Set<String>> entities = new HashMap<>();
        Map<PolicyRequest.EntityRef, Set<String>> contexts = new HashMap<>();
        schema.fields().forEachRemaining(namespace -> {
            String ns = namespace.getKey();
            String prefix = ns.isEmpty() ? "" : ns + "::";
            JsonNode common = namespace.getValue().path("commonTypes");
            namespace.getValue().path("entityTypes").fields().forEachRemaining(type -> {
                JsonNode shape = type.getValue().path("shape");
                Set<String> declared = shape.isMissingNode() ? Set.of() : attributes(shape, common);
                if (declared != null) {
                    entities.put(prefix + type.getKey(), declared);
                }
            });
            namespace.getValue().path("actions").fields().forEachRemaining(action -> {
                JsonNode context = action.getValue().path("appliesTo").path("context");
                Set<String> declared = context.isMissingNode() ? Set.of() : attributes(context, common);
                if (declared != null) {
                    contexts.put(new PolicyRequest.EntityRef(prefix + "Action", action.getKey()), declared);
                }
            });
        });
        return new RequestShape(Map.copyOf(entities), Map.copyOf(contexts));
    }

    /** A record's attribute names, following one common type by name; null when the shape is not a record this can read. */
    private static Set<String> attributes(JsonNode type, JsonNode common) {
        JsonNode record = type;
        if (!"Record".equals(type.path("type").asText())) {
            String name = type.has("name") ? type.path("name").asText() : type.path("type").asText();
            record = common.path(name);
        }
        if (!"Record".equals(record.path("type").asText())) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        record.path("attributes").fieldNames().forEachRemaining(names::add);
        return Set.copyOf(names);
    }

    /** The request with only the attributes the schema declares; the request itself when it carries nothing more. */
    PolicyRequest project(PolicyRequest request) {
        PolicyRequest.Entity principal = entity(request.principal());
        PolicyRequest.Entity action = entity(request.action());
        PolicyRequest.Entity resource = entity(request.resource());
        Map<String, Object> context = keep(request.context(), contexts.get(request.action().ref()));
        List<PolicyRequest.Entity> others = request.entities().stream().map(this::entity).toList();
        // Each part is the request's own when it keeps everything: then so is the request (no copy on the usual path).
        boolean unchanged = principal == request.principal() && action == request.action() && resource == request.resource()
                && context == request.context() && java.util.stream.IntStream.range(0, others.size())
                .allMatch(i -> others.get(i) == request.entities().get(i));
        return unchanged ? request : new PolicyRequest(principal, action, resource, context, others, request.redactable());
    }

    private PolicyRequest.Entity entity(PolicyRequest.Entity e) {
        Map<String, Object> kept = keep(e.attributes(), entities.get(e.ref().type()));
        return kept == e.attributes() ? e : new PolicyRequest.Entity(e.ref(), kept, e.parents());
    }

    private static Map<String, Object> keep(Map<String, Object> attributes, Set<String> declared) {
        if (declared == null || declared.containsAll(attributes.keySet())) {
            return attributes;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (declared.contains(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** For tests: the attributes declared for an entity type, or null when the schema names no such type. */
    List<String> declared(String entityType) {
        Set<String> names = entities.get(entityType);
        return names == null ? null : names.stream().sorted().toList();
    }
}
