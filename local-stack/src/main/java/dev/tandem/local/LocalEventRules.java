package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's EventBridge rules, as the local stack runs them: rules with an event pattern whose targets are queues
 * or function aliases deliver matching events to them, as EventBridge does; rules with a {@code rate(...)} schedule
 * whose target is a function alias invoke that function at that rate. Patterns match as EventBridge's do for exact
 * values: every field the pattern names must hold one of the values it lists (nested objects match nested fields);
 * a {@code Ref} to a state machine in a pattern is its ARN.
 */
final class LocalEventRules {

    /** Events matching the pattern go to this queue, or to this function (one of the two). */
    record Route(String rule, JsonNode pattern, String queueUrl, String functionName) {
        boolean matches(JsonNode event) {
            return LocalEventRules.matches(pattern, event);
        }
    }

    /** This function runs every {@code period}. */
    record Scheduled(String rule, String functionName, Duration period) {
    }

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours)\\)");

    private final List<Route> routes = new ArrayList<>();
    private final List<Scheduled> schedules = new ArrayList<>();

    private LocalEventRules(JsonNode resources, Map<String, String> queueUrls, String region, String account) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().path("Type").asText().equals("AWS::Events::Rule")) {
                continue;
            }
            JsonNode p = e.getValue().path("Properties");
            for (JsonNode target : p.path("Targets")) {
                JsonNode arn = target.path("Arn");
                String targetId = arn.has("Fn::GetAtt") ? arn.get("Fn::GetAtt").get(0).asText() : arn.path("Ref").asText(null);
                JsonNode targetResource = targetId == null ? null : resources.get(targetId);
                if (targetResource == null) {
                    continue;
                }
                String type = targetResource.path("Type").asText();
                if (p.has("EventPattern") && type.equals("AWS::SQS::Queue")) {
                    String url = queueUrls.get(targetResource.at("/Properties/QueueName").asText());
                    if (url == null) {
                        throw new IllegalStateException("rule " + e.getKey() + " targets queue " + targetId + ", which the local stack does not run");
                    }
                    routes.add(new Route(e.getKey(), resolve(p.get("EventPattern"), resources, region, account), url, null));
                } else if (p.has("EventPattern") && type.equals("AWS::Lambda::Alias")) {
                    String functionId = targetResource.at("/Properties/FunctionName/Ref").asText();
                    String functionName = resources.path(functionId).at("/Properties/FunctionName").asText();
                    routes.add(new Route(e.getKey(), resolve(p.get("EventPattern"), resources, region, account), null, functionName));
                } else if (p.has("ScheduleExpression") && type.equals("AWS::Lambda::Alias")) {
                    String functionId = targetResource.at("/Properties/FunctionName/Ref").asText();
                    String functionName = resources.path(functionId).at("/Properties/FunctionName").asText();
                    schedules.add(new Scheduled(e.getKey(), functionName, period(p.path("ScheduleExpression").asText(), e.getKey())));
                }
            }
        }
    }

    static LocalEventRules read(Path template, Map<String, String> queueUrls, String region, String account) {
        try {
            return new LocalEventRules(Json.mapper().readTree(Files.readString(template)).path("Resources"), queueUrls, region, account);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthesized template " + template, e);
        }
    }

    List<Route> routes() {
        return routes;
    }

    /** Whether the event matches the pattern: each field the pattern names holds one of its values (objects nest). */
    static boolean matches(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = event.get(field.getKey());
            if (field.getValue().isObject()) {
                if (value == null || !value.isObject() || !matches(field.getValue(), value)) {
                    return false;
                }
            } else {
                boolean any = false;
                for (JsonNode allowed : field.getValue()) {
                    any |= value != null && value.isValueNode() && allowed.equals(value);
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The pattern with each {@code Ref} to a state machine replaced by its local ARN, as CloudFormation resolves it. */
    private static JsonNode resolve(JsonNode node, JsonNode resources, String region, String account) {
        if (node.isObject() && node.size() == 1 && node.has("Ref")) {
            JsonNode target = resources.path(node.get("Ref").asText());
            if (target.path("Type").asText().equals("AWS::StepFunctions::StateMachine")) {
                return Json.mapper().getNodeFactory().textNode("arn:aws:states:" + region + ":" + account + ":stateMachine:"
                        + target.at("/Properties/StateMachineName").asText());
            }
            throw new IllegalStateException("an event pattern refers to " + node.get("Ref").asText() + ", which the local stack cannot resolve");
        }
        if (node.isObject()) {
            ObjectNode out = Json.mapper().createObjectNode();
            node.fields().forEachRemaining(f -> out.set(f.getKey(), resolve(f.getValue(), resources, region, account)));
            return out;
        }
        if (node.isArray()) {
            var out = Json.mapper().createArrayNode();
            node.forEach(v -> out.add(resolve(v, resources, region, account)));
            return out;
        }
        return node;
    }

    List<Scheduled> schedules() {
        return schedules;
    }

    /** The event EventBridge delivers to a target for a PutEvents entry. */
    static ObjectNode envelope(JsonNode entry, String region, String account) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", entry.path("DetailType").asText());
        event.put("source", entry.path("Source").asText());
        event.put("account", account);
        event.put("time", Instant.now().toString());
        event.put("region", region);
        event.set("resources", entry.path("Resources").isArray() ? entry.path("Resources") : Json.mapper().createArrayNode());
        event.set("detail", Json.read(entry.path("Detail").asText("{}"), JsonNode.class));
        return event;
    }

    /** A scheduled event as EventBridge sends it to a function. */
    static ObjectNode scheduledEvent(String rule, String region, String account) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", account);
        event.put("time", Instant.now().toString());
        event.put("region", region);
        event.putArray("resources").add("arn:aws:events:" + region + ":" + account + ":rule/" + rule);
        event.putObject("detail");
        return event;
    }

    private static Duration period(String expression, String rule) {
        Matcher m = RATE.matcher(expression);
        if (!m.matches()) {
            throw new IllegalStateException("rule " + rule + ": the local stack runs rate(N minutes|hours) schedules, not " + expression);
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).startsWith("minute") ? Duration.ofMinutes(n) : Duration.ofHours(n);
    }

}
