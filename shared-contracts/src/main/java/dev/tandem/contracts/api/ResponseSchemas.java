package dev.tandem.contracts.api;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Schemas (the 2020-12 vocabulary OpenAPI 3.1 uses) of the records the API answers with, derived from what the
 * contracts' mapper writes: the properties Jackson serializes (after its annotations), their types, enums by their
 * wire values. So a response's schema is its record, declared once. Objects are closed ({@code additionalProperties:
 * false}) so a property a record gains without the document knowing fails the conformance tests; no property is
 * required, because the mapper leaves out nulls.
 *
 * <p>Written here rather than taken from a library: the schema generators the build can resolve target other Jackson
 * lines or older drafts, and what matters is exactly what {@link Json#mapper()} writes, which this reads from the
 * mapper itself.
 */
public final class ResponseSchemas {

    /** The schemas, by component name (a record's simple name, qualified by its enclosing record when nested). */
    private final Map<String, ObjectNode> components = new TreeMap<>();

    /** A reference to the record's schema, adding it (and every type it uses) to the components. */
    public ObjectNode ref(Class<?> type) {
        return schema(Json.mapper().constructType(type));
    }

    public Map<String, ObjectNode> components() {
        return components;
    }

    /** The component name of a record or enum. */
    public static String name(Class<?> type) {
        return type.getEnclosingClass() != null ? type.getEnclosingClass().getSimpleName() + type.getSimpleName() : type.getSimpleName();
    }

    private ObjectNode schema(JavaType type) {
        Class<?> raw = type.getRawClass();
        ObjectNode s = Json.mapper().createObjectNode();
        if (raw == String.class || raw == URI.class || raw == Character.class) {
            return s.put("type", "string");
        }
        if (raw == Instant.class) {
            return s.put("type", "string").put("format", "date-time");
        }
        if (raw == java.time.LocalDate.class) {
            return s.put("type", "string").put("format", "date");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return s.put("type", "boolean");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class) {
            return s.put("type", "integer");
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return s.put("type", "number");
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            s.put("type", "array");
            s.set("items", schema(type.getContentType()));
            return s;
        }
        if (type.isMapLikeType()) {
            s.put("type", "object");
            s.set("additionalProperties", schema(type.getContentType()));
            return s;
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return s; // any JSON value
        }
        String name = name(raw);
        if (!components.containsKey(name)) {
            ObjectNode component = Json.mapper().createObjectNode();
            components.put(name, component); // before the properties: a record may refer to itself
            if (raw.isEnum()) {
                component.put("type", "string");
                ArrayNode values = component.putArray("enum");
                for (Object constant : raw.getEnumConstants()) {
                    values.add(Json.mapper().valueToTree(constant).asText());
                }
            } else if (raw.isRecord()) {
                component.put("type", "object");
                ObjectNode properties = component.putObject("properties");
                BeanDescription description = Json.mapper().getSerializationConfig().introspect(type);
                for (BeanPropertyDefinition p : description.findProperties()) {
                    if (p.couldSerialize()) {
                        properties.set(p.getName(), schema(p.getPrimaryType()));
                    }
                }
                component.put("additionalProperties", false);
            } else {
                throw new IllegalArgumentException("the API answers with records, enums and plain values; " + raw.getName() + " is none");
            }
        }
        return s.put("$ref", "#/components/schemas/" + name);
    }
}
