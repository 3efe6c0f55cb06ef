package dev.tandem.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage's synthesized template with its nested stacks' resources in place: one template of every resource the stage
 * deploys, for what reads a stage as a whole (the local stack's engines, which have no nested stacks, and template
 * tests). CloudFormation deploys each pipeline as a nested stack whose template lies next to the stage's in
 * {@code cdk.out} ({@code aws:asset:path} of the {@code AWS::CloudFormation::Stack} resource); here its resources join
 * the stage's under the nested stack's logical id as a prefix, a {@code Ref} to one of its parameters becomes the value
 * the stage passes, and the stage's {@code Fn::GetAtt} of a nested stack's {@code Outputs.<name>} becomes that output's
 * value. The rest of the template is left as synthesized.
 *
 * <p>Written here rather than taken from a library: no open-source Java library flattens CloudFormation nested stacks,
 * and the CDK emits only the few intrinsic forms resolved below ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code DependsOn}); a {@code Ref} to a parameter the stage does not pass is refused, not passed through.
 */
public final class StageTemplate {

    private static final String NESTED_STACK = "AWS::CloudFormation::Stack";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)((?:\\.[A-Za-z0-9.]+)?)}");

    private StageTemplate() {
    }

    /** The flattened template of {@code template} (a stage's {@code <stack>.template.json} in {@code cdk.out}). */
    public static ObjectNode flatten(Path template) {
        return flatten(read(template), template.toAbsolutePath().getParent());
    }

    /**
     * Writes the flattened template next to {@code template} ({@code <stack>.stage.template.json}, so that the assets its
     * resources name resolve as they do from the original) and returns its path. A template without nested stacks is
     * returned as it is.
     */
    public static Path write(Path template) {
        ObjectNode original = read(template);
        if (!hasNestedStacks(original)) {
            return template;
        }
        String name = template.getFileName().toString().replaceFirst("\\.template\\.json$", "");
        Path out = template.toAbsolutePath().resolveSibling(name + ".stage.template.json");
        try {
            Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    flatten(original, template.toAbsolutePath().getParent())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return out;
    }

    private static boolean hasNestedStacks(JsonNode template) {
        for (JsonNode r : template.path("Resources")) {
            if (NESTED_STACK.equals(r.path("Type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode flatten(ObjectNode template, Path dir) {
        ObjectNode resources = Json.mapper().createObjectNode();
        Map<String, Map<String, JsonNode>> outputs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode resource = entry.getValue();
            if (!NESTED_STACK.equals(resource.path("Type").asText())) {
                resources.set(entry.getKey(), resource);
                continue;
            }
            String asset = resource.path("Metadata").path("aws:asset:path").asText(null);
            if (asset == null) {
                throw new IllegalStateException("nested stack " + entry.getKey() + " has no aws:asset:path metadata: "
                        + "synthesize with asset metadata on (the CDK default)");
            }
            ObjectNode nested = flatten(read(dir.resolve(asset)), dir);
            if (nested.has("Conditions")) {
                throw new IllegalStateException("nested stack " + entry.getKey() + " declares conditions, which this reader does not merge");
            }
            Scope scope = new Scope(entry.getKey(), fieldNames(nested.path("Resources")), resource.path("Properties").path("Parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> n = nested.path("Resources").fields(); n.hasNext(); ) {
                Map.Entry<String, JsonNode> inner = n.next();
                resources.set(scope.prefix() + inner.getKey(), scope.rewrite(inner.getValue()));
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            nested.path("Outputs").fields().forEachRemaining(o -> values.put(o.getKey(), scope.rewrite(o.getValue().path("Value"))));
            outputs.put(entry.getKey(), values);
        }
        ObjectNode out = template.deepCopy();
        out.set("Resources", outputs.isEmpty() ? resources : (ObjectNode) withOutputs(resources, outputs));
        if (out.has("Outputs") && !outputs.isEmpty()) {
            out.set("Outputs", withOutputs(out.get("Outputs"), outputs));
        }
        return out;
    }

    /** Replaces each {@code Fn::GetAtt} of a nested stack's output with its value; drops {@code DependsOn} a nested stack. */
    private static JsonNode withOutputs(JsonNode node, Map<String, Map<String, JsonNode>> outputs) {
        if (node.isArray()) {
            ArrayNode out = Json.mapper().createArrayNode();
            node.forEach(e -> out.add(withOutputs(e, outputs)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        JsonNode getAtt = node.get("Fn::GetAtt");
        if (node.size() == 1 && getAtt != null) {
            String[] target = getAttTarget(getAtt);
            if (outputs.containsKey(target[0])) {
                String name = target[1].replaceFirst("^Outputs\\.", "");
                JsonNode value = outputs.get(target[0]).get(name);
                if (value == null) {
                    throw new IllegalStateException("nested stack " + target[0] + " has no output " + name);
                }
                return value.deepCopy();
            }
        }
        ObjectNode out = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("DependsOn")) {
                ArrayNode kept = Json.mapper().createArrayNode();
                (field.getValue().isArray() ? field.getValue() : Json.mapper().createArrayNode().add(field.getValue()))
                        .forEach(d -> {
                            if (!outputs.containsKey(d.asText())) {
                                kept.add(d);
                            }
                        });
                if (!kept.isEmpty()) {
                    out.set("DependsOn", field.getValue().isArray() ? kept : kept.get(0));
                }
                continue;
            }
            out.set(field.getKey(), withOutputs(field.getValue(), outputs));
        }
        return out;
    }

    /** A nested stack's resources as the stage sees them: ids under its prefix, parameters as the stage passes them. */
    private record Scope(String prefix, Set<String> resources, JsonNode parameters) {

        JsonNode rewrite(JsonNode node) {
            if (node.isArray()) {
                ArrayNode out = Json.mapper().createArrayNode();
                node.forEach(e -> out.add(rewrite(e)));
                return out;
            }
            if (!node.isObject()) {
                return node;
            }
            if (node.size() == 1 && node.has("Ref")) {
                String name = node.get("Ref").asText();
                if (resources.contains(name)) {
                    return Json.mapper().createObjectNode().put("Ref", prefix + name);
                }
                if (parameters.has(name)) {
                    return parameters.get(name).deepCopy();
                }
                if (!name.startsWith("AWS::")) {
                    throw new IllegalStateException("nested stack " + prefix + " refers to " + name + ", neither its resource nor a parameter the stage passes");
                }
                return node;
            }
            if (node.size() == 1 && node.has("Fn::GetAtt")) {
                JsonNode getAtt = node.get("Fn::GetAtt");
                String[] target = getAttTarget(getAtt);
                if (resources.contains(target[0])) {
                    ObjectNode out = Json.mapper().createObjectNode();
                    out.putArray("Fn::GetAtt").add(prefix + target[0]).add(target[1]);
                    return out;
                }
                return node;
            }
            if (node.size() == 1 && node.has("Fn::Sub")) {
                return sub(node.get("Fn::Sub"));
            }
            ObjectNode out = Json.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.set(field.getKey(), field.getKey().equals("DependsOn") ? dependsOn(field.getValue()) : rewrite(field.getValue()));
            }
            return out;
        }

        private JsonNode dependsOn(JsonNode value) {
            if (value.isTextual()) {
                return new TextNode(prefix + value.asText());
            }
            ArrayNode out = Json.mapper().createArrayNode();
            value.forEach(d -> out.add(prefix + d.asText()));
            return out;
        }

        /** {@code ${Resource}} and {@code ${Resource.Attr}} under the prefix; {@code ${Parameter}} as a variable bound to its value. */
        private JsonNode sub(JsonNode sub) {
            String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
            ObjectNode variables = sub.isArray() && sub.path(1).isObject() ? (ObjectNode) rewrite(sub.get(1)) : Json.mapper().createObjectNode();
            Matcher m = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement = m.group(0);
                if (!variables.has(name) && resources.contains(name)) {
                    replacement = "${" + prefix + name + m.group(2) + "}";
                } else if (!variables.has(name) && parameters.has(name)) {
                    variables.set(name, parameters.get(name).deepCopy());
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            ObjectNode result = Json.mapper().createObjectNode();
            if (variables.isEmpty()) {
                result.put("Fn::Sub", out.toString());
            } else {
                result.putArray("Fn::Sub").add(out.toString()).add(variables);
            }
            return result;
        }
    }

    /** {@code ["Resource", "Attribute"]} or {@code "Resource.Attribute"}: the resource and the attribute. */
    private static String[] getAttTarget(JsonNode getAtt) {
        return getAtt.isArray() ? new String[] {getAtt.path(0).asText(), getAtt.path(1).asText()} : getAtt.asText().split("\\.", 2);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode read(Path template) {
        try {
            return (ObjectNode) Json.mapper().readTree(Files.readString(template));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthesized template " + template, e);
        }
    }
}
