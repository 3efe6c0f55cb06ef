package dev.tandem.functions.kpis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.json.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * What an execution used, read from its history as Step Functions records it: states entered (the billed
 * transitions); each Lambda task's run (LambdaFunctionStarted to its end) by function, times the memory its step
 * declares; each agent task (an SQS task, from TaskScheduled to its end: queue wait included) by step, named by its
 * message's {@code step}; a human review's wait (a Lambda task token: TaskSubmitted to its end).
 */
public record ExecutionUsage(long stateTransitions, Map<String, JobKpis.StepUsage> steps, Long reviewMillis, boolean reviewTimedOut) {

    /** The Lambda memory each function step declares, and each agent step's, from the blueprint. */
    static Map<String, Integer> memory(Blueprint blueprint) {
        Map<String, Integer> out = new HashMap<>();
        blueprint.all().filter(s -> s.handler() != null && s.profile() != null).forEach(s -> out.put(s.handler(), s.profile().memoryMb()));
        blueprint.all().filter(s -> s.placement() == Placement.AGENT && s.profile() != null).forEach(s -> out.put(s.name(), s.profile().memoryMb()));
        return out;
    }

    static ExecutionUsage of(List<HistoryEvent> history, Blueprint blueprint) {
        Map<String, Integer> memory = memory(blueprint);
        List<String> agentSteps = blueprint.steps().stream().filter(s -> s.placement() == Placement.AGENT).map(Step::name).toList();
        Map<Long, HistoryEvent> byId = new HashMap<>();
        history.forEach(e -> byId.put(e.id(), e));
        long transitions = 0;
        Map<String, long[]> functions = new TreeMap<>(); // invocations, millis
        Map<String, Double> gbSeconds = new TreeMap<>();
        Map<String, long[]> agents = new TreeMap<>();
        Long reviewMillis = null;
        boolean reviewTimedOut = false;
        for (HistoryEvent e : history) {
            String type = e.typeAsString();
            if (type.endsWith("StateEntered")) {
                transitions++;
            } else if (type.equals("LambdaFunctionSucceeded") || type.equals("LambdaFunctionFailed") || type.equals("LambdaFunctionTimedOut")) {
                HistoryEvent started = byId.get(e.previousEventId());
                HistoryEvent scheduled = started == null ? null : byId.get(started.previousEventId());
                if (scheduled == null || scheduled.lambdaFunctionScheduledEventDetails() == null) {
                    continue;
                }
                String handler = handlerOf(scheduled.lambdaFunctionScheduledEventDetails().resource());
                long millis = Duration.between(started.timestamp(), e.timestamp()).toMillis();
                add(functions, gbSeconds, handler, millis, memory);
            } else if (type.equals("TaskSucceeded") || type.equals("TaskFailed") || type.equals("TaskTimedOut")) {
                HistoryEvent scheduled = e;
                HistoryEvent submitted = null;
                while (scheduled != null && !scheduled.typeAsString().equals("TaskScheduled")) {
                    if (scheduled.typeAsString().equals("TaskSubmitted")) {
                        submitted = scheduled;
                    }
                    scheduled = scheduled.previousEventId() == null ? null : byId.get(scheduled.previousEventId());
                }
                if (scheduled == null || scheduled.taskScheduledEventDetails() == null) {
                    continue;
                }
                JsonNode parameters = parameters(scheduled.taskScheduledEventDetails().parameters());
                if ("sqs".equals(scheduled.taskScheduledEventDetails().resourceType())) {
                    String step = parameters.at("/MessageBody/step").asText(agentSteps.size() == 1 ? agentSteps.getFirst() : "agent");
                    long[] a = agents.computeIfAbsent(step, k -> new long[2]);
                    a[0]++;
                    a[1] += Duration.between(scheduled.timestamp(), e.timestamp()).toMillis();
                } else if ("lambda".equals(scheduled.taskScheduledEventDetails().resourceType())) {
                    // A human review: the function queues the item (scheduled to submitted), then the job waits.
                    HistoryEvent sent = submitted == null ? e : submitted;
                    String function = parameters.path("FunctionName").asText("");
                    if (!function.isEmpty()) {
                        add(functions, gbSeconds, handlerOf(function), Duration.between(scheduled.timestamp(), sent.timestamp()).toMillis(), memory);
                    }
                    reviewMillis = (reviewMillis == null ? 0 : reviewMillis) + Duration.between(sent.timestamp(), e.timestamp()).toMillis();
                    reviewTimedOut = type.equals("TaskTimedOut")
                            || (type.equals("TaskFailed") && e.taskFailedEventDetails() != null && "States.Timeout".equals(e.taskFailedEventDetails().error()));
                }
            }
        }
        Map<String, JobKpis.StepUsage> steps = new TreeMap<>();
        functions.forEach((handler, u) -> steps.put(handler, new JobKpis.StepUsage(Placement.FUNCTION.name(), u[0], u[1],
                round(gbSeconds.get(handler)))));
        agents.forEach((step, u) -> steps.put(step, new JobKpis.StepUsage(Placement.AGENT.name(), u[0], u[1], 0)));
        return new ExecutionUsage(transitions, steps, reviewMillis, reviewTimedOut);
    }

    private static void add(Map<String, long[]> functions, Map<String, Double> gbSeconds, String handler, long millis, Map<String, Integer> memory) {
        long[] f = functions.computeIfAbsent(handler, k -> new long[2]);
        f[0]++;
        f[1] += millis;
        gbSeconds.merge(handler, millis / 1000.0 * memory.getOrDefault(handler, 1024) / 1024.0, Double::sum);
    }

    /** {@code arn:...:function:tandem-dev-<pipeline>-Assess:live} -> {@code Assess}: handler names have no dash. */
    static String handlerOf(String functionArnOrName) {
        String name = functionArnOrName.contains(":function:") ? functionArnOrName.split(":function:")[1].split(":")[0] : functionArnOrName;
        return name.substring(name.lastIndexOf('-') + 1);
    }

    private static JsonNode parameters(String json) {
        if (json == null || json.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.read(json, JsonNode.class);
        } catch (RuntimeException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
