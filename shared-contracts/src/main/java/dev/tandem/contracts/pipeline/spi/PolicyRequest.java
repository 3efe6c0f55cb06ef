package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.pipeline.FindingType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Cedar authorization request as plain data, built by a {@link GovernedStep}: the agent turns it into
 * Cedar's types, evaluates it against the step's bundle, and records a SHA-256 of its canonical form.
 *
 * <p>Attribute values are {@code String}, {@code Long} (or {@code Integer}), {@code Boolean}, an
 * {@link EntityRef}, or a collection of these (a Cedar set). Cedar has no decimals: scale them to a long.
 *
 * @param entities   further entities the policies may refer to (roles, action groups); the principal, the
 *                   action and the resource are added by the agent
 * @param redactable the finding types present in the evidence; a redaction plan names only these
 */
public record PolicyRequest(Entity principal, Entity action, Entity resource, Map<String, Object> context,
                            List<Entity> entities, Set<FindingType> redactable) {

    public PolicyRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        context = context == null ? Map.of() : Map.copyOf(context);
        context.forEach(PolicyRequest::checkValue);
        entities = entities == null ? List.of() : List.copyOf(entities);
        redactable = redactable == null ? Set.of() : Set.copyOf(redactable);
    }

    /** A Cedar entity reference: {@code Namespace::Type::"id"}. */
    public record EntityRef(String type, String id) {
        public EntityRef {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            if (!type.matches("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*")) {
                throw new IllegalArgumentException("not a Cedar entity type name: '" + type + "'");
            }
        }
    }

    /** An entity with its attributes and the entities it is in (roles, action groups). */
    public record Entity(EntityRef ref, Map<String, Object> attributes, List<EntityRef> parents) {
        public Entity {
            Objects.requireNonNull(ref, "ref");
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
            attributes.forEach(PolicyRequest::checkValue);
            parents = parents == null ? List.of() : List.copyOf(parents);
        }

        public static Entity of(String type, String id) {
            return new Entity(new EntityRef(type, id), Map.of(), List.of());
        }

        public static Entity of(String type, String id, Map<String, Object> attributes, List<EntityRef> parents) {
            return new Entity(new EntityRef(type, id), attributes, parents);
        }

        /**
         * The submitting principal as an entity of {@code type} (with its {@code tenant}, "default" when it has none) in its
         * roles, each an entity of {@code roleType} added to {@code entities}: what most bundles' principals look like.
         */
        public static Entity principal(dev.tandem.contracts.pipeline.WorkflowInput.Principal principal, String type, String roleType,
                                       List<Entity> entities) {
            List<EntityRef> roles = new java.util.ArrayList<>();
            for (String role : principal.roles()) {
                Entity entity = Entity.of(roleType, role);
                entities.add(entity);
                roles.add(entity.ref());
            }
            String tenant = principal.tenant() == null ? "default" : principal.tenant();
            return Entity.of(type, principal.subject(), Map.of("tenant", tenant), roles);
        }
    }

    private static void checkValue(String name, Object value) {
        if (value instanceof Collection<?> values) {
            values.forEach(v -> checkScalar(name, v));
        } else {
            checkScalar(name, value);
        }
    }

    private static void checkScalar(String name, Object value) {
        if (!(value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Boolean
                || value instanceof EntityRef)) {
            throw new IllegalArgumentException("attribute " + name + ": Cedar takes String, Long, Boolean, EntityRef or a set of them, not "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }
}
