package dev.tandem.cdk.orchestration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.ChoiceRule;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.RetryPolicy;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepKind;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.placement.PlacementAdvisor;
import java.util.TreeMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Generates the Amazon States Language definition of a pipeline from its {@link Blueprint}: the
 * blueprint is the one declaration of the workflow, so the state machine is never written by hand.
 *
 * <p>ARNs appear as {@code ${...}} placeholders ({@code DefinitionSubstitutions}): {@code ${Fn_<handler>}}
 * for each function's {@code live} alias and {@code ${GovernanceQueueUrl}} for the agent's queue. The
 * local stack substitutes its own endpoints into the same definition.
 *
 * <p>State shape: the execution input is the {@code WorkflowInput}; each function step adds its
 * result under a key ({@code $.extract}, {@code $.analysis}, {@code $.assessment}, {@code $.decision},
 * {@code $.review}, {@code $.reviewError}, {@code $.finalized}) so that payloads stay references only.
 * Errors are not caught (a review's timeout, a business outcome, is the one exception): after its retries a failing
 * state fails the execution, so {@code RedriveExecution} can resume it at that state, and the blueprint's error
 * handler runs on the execution's failure event ({@code Orchestration}).
 */
public final class WorkflowDefinition {

    public static final String QUEUE_URL = "GovernanceQueueUrl";

    private WorkflowDefinition() {
    }

    /** The placeholder name for a function handler's alias ARN. */
    public static String functionPlaceholder(String handler) {
        return "Fn_" + handler;
    }

    /**
     * The function handlers the definition invokes (Ingest, the API entry, is not a state; the error handler runs on
     * the execution's failure event).
     */
    public static Set<String> functionHandlers(Blueprint blueprint) {
        Set<String> handlers = new LinkedHashSet<>();
        blueprint.functionSteps().stream().filter(s -> s != blueprint.errorHandler()).forEach(s -> handlers.add(s.handler()));
        return handlers;
    }

    /**
     * The definition as JSON. Refuses a blueprint whose declared placements contradict the placement
     * advisor, so such a pipeline can never be synthesized.
     */
    public static String generate(PipelineDefinition pipeline, PlacementAdvisor advisor) {
        Blueprint blueprint = pipeline.blueprint();
        requireAdvisedPlacements(blueprint, advisor);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("Comment", blueprint.name() + " " + blueprint.version() + ", generated from its blueprint");
        root.put("StartAt", blueprint.startAt());
        ObjectNode states = root.putObject("States");
        for (Step step : blueprint.steps()) {
            states.set(step.name(), state(pipeline, step));
        }
        return Json.write(root);
    }

    /** Refuses a blueprint whose declared placements contradict the placement advisor. */
    public static void requireAdvisedPlacements(Blueprint blueprint, PlacementAdvisor advisor) {
        List<PlacementAdvisor.Contradiction> contradictions = advisor.contradictions(blueprint);
        if (!contradictions.isEmpty()) {
            throw new IllegalArgumentException("blueprint " + blueprint.name() + " " + blueprint.version()
                    + " contradicts the placement advisor; fix the placements (or the profiles) before synthesizing: " + contradictions);
        }
    }

    private static ObjectNode state(PipelineDefinition pipeline, Step step) {
        return switch (step.kind()) {
            case CHOICE -> choice(step);
            case MAP -> map(step);
            case WAIT_FOR_REVIEW -> review(step);
            case TASK -> step.placement() == Placement.AGENT ? agentTask(step, pipeline.governedStepFor(step)) : functionStep(step);
        };
    }

    private static ObjectNode functionStep(Step step) {
        ObjectNode s = lambdaTask(step);
        s.put("ResultPath", "$." + step.resultKey());
        return next(s, step);
    }

    private static ObjectNode lambdaTask(Step step) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("Type", "Task");
        comment(s, step);
        // The function's live alias, invoked directly: its result is the step's result.
        s.put("Resource", "${" + functionPlaceholder(step.handler()) + "}");
        s.put("TimeoutSeconds", step.timeout().toSeconds());
        retry(s, step.retry());
        return s;
    }

    private static ObjectNode map(Step step) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("Type", "Map");
        comment(s, step);
        s.put("ItemsPath", step.itemsPath());
        s.put("MaxConcurrency", step.maxConcurrency());
        ObjectNode processor = s.putObject("ItemProcessor");
        processor.putObject("ProcessorConfig").put("Mode", "INLINE");
        String inner = step.handler();
        processor.put("StartAt", inner);
        ObjectNode task = lambdaTask(step);
        task.put("End", true);
        processor.putObject("States").set(inner, task);
        s.put("ResultPath", "$." + step.resultKey());
        return next(s, step);
    }

    private static ObjectNode agentTask(Step step, GovernedStep<?> governed) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("Type", "Task");
        comment(s, step);
        s.put("Resource", "arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        ObjectNode parameters = s.putObject("Parameters");
        parameters.put("QueueUrl", "${" + QUEUE_URL + "}");
        // The GovernTask contract (shared-contracts), the same for every pipeline: references and identities,
        // never document content; the governed step's attributes from the state paths it declares.
        ObjectNode body = parameters.putObject("MessageBody");
        body.put("taskToken.$", "$$.Task.Token");
        body.put("jobId.$", "$.jobId");
        body.put("pipeline.$", "$.pipeline");
        body.put("step", step.name());
        body.put("attempt.$", "$$.State.RetryCount");
        body.put("principal.$", "$.principal");
        body.put("correlationId.$", "$.correlationId");
        body.put("traceHeader.$", "$.traceHeader");
        body.put("evidence.$", governed.evidencePath().path());
        ObjectNode attributes = body.putObject("attributes");
        new TreeMap<>(governed.attributePaths()).forEach((name, path) -> attributes.put(name + ".$", path.path()));
        s.put("TimeoutSeconds", step.timeout().toSeconds());
        if (step.heartbeat() != null) {
            s.put("HeartbeatSeconds", step.heartbeat().toSeconds());
        }
        retry(s, step.retry());
        s.put("ResultPath", "$." + step.resultKey());
        return next(s, step);
    }

    private static ObjectNode review(Step step) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("Type", "Task");
        comment(s, step);
        s.put("Resource", "arn:aws:states:::lambda:invoke.waitForTaskToken");
        ObjectNode parameters = s.putObject("Parameters");
        parameters.put("FunctionName", "${" + functionPlaceholder(step.handler()) + "}");
        ObjectNode payload = parameters.putObject("Payload");
        payload.put("taskToken.$", "$$.Task.Token");
        payload.put("jobId.$", "$.jobId");
        payload.put("attributes.$", "$.attributes");
        payload.put("decision.$", "$.decision");
        // The review step's name and how long a reviewer has: the review item expires with the wait.
        payload.put("step", step.name());
        payload.put("timeoutSeconds", step.timeout().toSeconds());
        s.put("TimeoutSeconds", step.timeout().toSeconds());
        retry(s, step.retry());
        s.put("ResultPath", "$." + step.resultKey());
        next(s, step);
        if (step.timeoutNext() != null) {
            // No reviewer in time: continue (Finalize rejects the job and audits the timeout).
            ObjectNode timeout = s.putArray("Catch").addObject();
            timeout.putArray("ErrorEquals").add("States.Timeout");
            timeout.put("ResultPath", "$.reviewError");
            timeout.put("Next", step.timeoutNext());
        }
        return s;
    }

    private static ObjectNode choice(Step step) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("Type", "Choice");
        comment(s, step);
        ArrayNode rules = s.putArray("Choices");
        for (ChoiceRule rule : step.choices()) {
            ObjectNode r = rules.addObject();
            ObjectNode and = r.putArray("And").addObject();
            and.put("Variable", rule.variable());
            and.put("IsPresent", true);
            ObjectNode equals = ((ArrayNode) r.get("And")).addObject();
            equals.put("Variable", rule.variable());
            equals.put("StringEquals", rule.equalsValue());
            r.put("Next", rule.next());
        }
        s.put("Default", step.otherwise());
        return s;
    }

    private static ObjectNode next(ObjectNode s, Step step) {
        if (step.next() != null) {
            s.put("Next", step.next());
        } else {
            s.put("End", true);
        }
        return s;
    }

    private static void retry(ObjectNode s, RetryPolicy policy) {
        if (policy.maxAttempts() == 0) {
            return;
        }
        ObjectNode r = s.putArray("Retry").addObject();
        ArrayNode errors = r.putArray("ErrorEquals");
        policy.errors().forEach(errors::add);
        r.put("IntervalSeconds", Math.max(1, policy.interval().toSeconds()));
        r.put("MaxAttempts", policy.maxAttempts());
        r.put("BackoffRate", policy.backoffRate());
        r.put("MaxDelaySeconds", Math.max(1, policy.maxDelay().toSeconds()));
        r.put("JitterStrategy", policy.jitter() ? "FULL" : "NONE");
    }

    private static void comment(ObjectNode s, Step step) {
        if (step.comment() != null) {
            s.put("Comment", step.comment());
        }
    }
}
