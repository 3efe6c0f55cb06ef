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
 * The template's EventBridge rules, as the local stack runs them: rules with an event pattern (source and
 * detail-type lists) whose targets are queues deliver matching events to those queues, as EventBridge does; rules
 * with a {@code rate(...)} schedule whose target is a function alias invoke that function at that rate.
 */
final class LocalEventRules {

    /** Events of these sources and detail types go to this queue. */
    record QueueRoute(List<String> sources, List<String> detailTypes, String queueUrl) {
        boolean matches(String source, String detailType) {
            return sources.contains(source) && (detailTypes.isEmpty() || detailTypes.contains(detailType));
        }
    }

    /** This function runs every {@code period}. */
    record Scheduled(String rule, String functionName, Duration period) {
    }

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours)\\)");

    private final List<QueueRoute> routes = new ArrayList<>();
    private final List<Scheduled> schedules = new ArrayList<>();

    private LocalEventRules(JsonNode resources, Map<String, String> queueUrls) {
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
                    routes.add(new QueueRoute(strings(p.at("/EventPattern/source")), strings(p.at("/EventPattern/detail-type")), url));
                } else if (p.has("ScheduleExpression") && type.equals("AWS::Lambda::Alias")) {
                    String functionId = targetResource.at("/Properties/FunctionName/Ref").asText();
                    String functionName = resources.path(functionId).at("/Properties/FunctionName").asText();
                    schedules.add(new Scheduled(e.getKey(), functionName, period(p.path("ScheduleExpression").asText(), e.getKey())));
                }
            }
        }
    }

    static LocalEventRules read(Path template, Map<String, String> queueUrls) {
        try {
            return new LocalEventRules(Json.mapper().readTree(Files.readString(template)).path("Resources"), queueUrls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthesized template " + template, e);
        }
    }

    List<QueueRoute> routes() {
        return routes;
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

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
