package dev.tandem.pipelines.linemaintenance.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.lineage.LineageEdge;
import dev.tandem.contracts.lineage.LineageGraph;
import dev.tandem.contracts.lineage.LineageNode;
import dev.tandem.contracts.lineage.LineageNode.Kind;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.functions.events.JobEvents;
import dev.tandem.functions.jobs.JobRecord;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.lineage.LineageTable;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.review.ReviewVerdicts;
import dev.tandem.pipelines.linemaintenance.LineMaintenanceGovernance;
import dev.tandem.pipelines.linemaintenance.LineMaintenanceBlueprint;
import dev.tandem.pipelines.linemaintenance.WorkOrders;
import dev.tandem.pipelines.linemaintenance.model.RobustZModel;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finalize: settles each machine's action (the decision, or the shift supervisor's verdict on a stop), publishes the
 * actions and the work orders as events, writes the lineage and the audit events, and sets the final status.
 *
 * <ul>
 *   <li>ALLOW: every machine's decision is its action; the job COMPLETED.</li>
 *   <li>REVIEW_REQUIRED, approved: the stops go ahead; COMPLETED. Rejected: each stop becomes DERATE (the strongest action
 *       that needs no approval); REJECTED. No verdict in the supervisor's window: the same, and the stop is escalated (an
 *       event for the plant's on-call); REJECTED. The other machines' actions go out either way.</li>
 *   <li>DENY: nothing is published; REJECTED.</li>
 * </ul>
 *
 * Actions are published before the job is finished, so a retried Finalize publishes them again rather than never:
 * subscribers see each at least once (the job id and machine tell repeats apart). A Finalize of a job that ended
 * returns its stored outcome.
 */
@Singleton
public class Finalize {

    public static final String STEP = "Finalize";
    static final String REVIEW_STEP = "SupervisorReview";

    /** The events this pipeline publishes, beside the platform's job-ended event. */
    public static final String ACTION_EVENT = LineMaintenanceBlueprint.NAME + ".action";
    public static final String WORK_ORDER_EVENT = LineMaintenanceBlueprint.NAME + ".work-order";
    public static final String ESCALATION_EVENT = LineMaintenanceBlueprint.NAME + ".stop-escalated";
    public static final String OVERRIDE_EVENT = LineMaintenanceBlueprint.NAME + ".override";

    private final JobTable jobs;
    private final AuditLog audit;
    private final LineageTable lineage;
    private final ReviewVerdicts verdicts;
    private final JobEvents events;

    public Finalize(JobTable jobs, AuditLog audit, LineageTable lineage, ReviewVerdicts verdicts, JobEvents events) {
        this.jobs = jobs;
        this.audit = audit;
        this.lineage = lineage;
        this.verdicts = verdicts;
        this.events = events;
    }

    /** How a machine ends: its action and why. */
    record Action(String item, String machine, String action, String reason, ItemDecision decision) {

        /** The operator's override this action carries out, or null for a decision on readings. */
        String override() {
            return decision.basis().get(LineMaintenanceGovernance.OVERRIDE);
        }
    }

    public Map<String, Object> run(JsonNode state, StepContext context) {
        String jobId = state.path("jobId").asText();
        JobRecord job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalStateException("job " + jobId + " does not exist");
        }
        if (job.status().isTerminal()) {
            return summary(jobId, job.status(), job.decision(), List.of());
        }
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (!state.hasNonNull("decision")) {
            throw new IllegalStateException("job " + jobId + " reached Finalize without a decision");
        }
        PolicyDecision decision = Json.convert(state.path("decision"), PolicyDecision.class);
        StepResults.Assessment assessment = Json.convert(state.path("assessment"), StepResults.Assessment.class);
        JsonNode review = state.path("review");

        boolean stopsApproved = false;
        boolean escalate = false;
        Outcome settled = decision.outcome();
        PolicyDecision settledDecision = decision;
        String approver = null;
        if (decision.outcome() == Outcome.REVIEW_REQUIRED) {
            ReviewVerdicts.Settled verdict = verdicts.settle(jobId, state);
            stopsApproved = verdict.approved();
            // No answer in the supervisor's window: the stop is escalated (an event for the plant's on-call).
            escalate = verdict.verdict() == ReviewVerdicts.Verdict.TIMED_OUT;
            settled = stopsApproved ? Outcome.ALLOW : Outcome.DENY;
            if (verdict.reviewer() != null) {
                settledDecision = decision.settledBy(settled, verdict.reviewer(), started);
            }
            approver = stopsApproved ? verdict.reviewer() : null;
            jobs.stepEnded(jobId, REVIEW_STEP, job.createdAt(), started, StepProgress.State.SUCCEEDED);
        }

        List<Action> actions = decision.outcome() == Outcome.DENY ? List.of() : actions(decision, stopsApproved);
        publish(jobId, assessment, settledDecision, actions, approver, escalate);

        JobStatus status = settled == Outcome.ALLOW ? JobStatus.COMPLETED : JobStatus.REJECTED;
        lineage.write(graph(jobId, job, state, assessment, decision, review, actions, context));
        jobs.stepEnded(jobId, STEP, started, Instant.now(), StepProgress.State.SUCCEEDED);
        if (!jobs.finish(jobId, status, settledDecision, null, null, Instant.now())) {
            JobRecord now = jobs.get(jobId);
            return summary(jobId, now.status(), now.decision(), actions);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("outcome", settled.name());
        details.put("policyBundle", decision.policyBundle());
        if (!assessment.machines().isEmpty()) {
            details.put("modelVersion", assessment.modelVersion());
        }
        details.put("actions", actions.stream().map(a -> a.machine() + "=" + a.action()).collect(Collectors.joining(",")));
        if (escalate) {
            details.put("escalated", actions.stream().filter(a -> a.decision().outcome() == Outcome.REVIEW_REQUIRED).map(Action::machine)
                    .collect(Collectors.joining(",")));
        }
        details.put("workOrders", actions.stream().filter(a -> LineMaintenanceGovernance.SCHEDULE_MAINTENANCE.equals(a.action()))
                .map(a -> a.machine() + "=" + WorkOrders.id(a.decision())).collect(Collectors.joining(",")));
        if (!assessment.overridden().isEmpty()) {
            details.put("overrides", decision.items().stream().filter(d -> d.basis().containsKey(LineMaintenanceGovernance.OVERRIDE))
                    .map(d -> d.item().substring(d.item().indexOf('/') + 1) + "=" + d.basis().get(LineMaintenanceGovernance.OVERRIDE)
                            + (d.decision() == null ? " refused" : ""))
                    .collect(Collectors.joining(",")));
        }
        audit.append(jobId, AuditActors.function(context.function()), status == JobStatus.COMPLETED ? AuditEventType.JOB_COMPLETED
                : AuditEventType.JOB_REJECTED, details);
        Map<String, Object> summary = summary(jobId, status, settledDecision, actions);
        events.completed(jobId, summary);
        return summary;
    }

    /** Each machine's action: its decision, except a stop that needed approval and did not get it, which derates. */
    static List<Action> actions(PolicyDecision decision, boolean stopsApproved) {
        List<Action> actions = new ArrayList<>();
        for (ItemDecision d : decision.items()) {
            String machine = d.item().substring(d.item().indexOf('/') + 1);
            if (d.decision() == null) {
                continue;
            }
            String override = d.basis().get(LineMaintenanceGovernance.OVERRIDE);
            if (override != null) {
                actions.add(new Action(d.item(), machine, d.decision(), "operator override " + override + " by "
                        + d.basis().get(LineMaintenanceGovernance.OVERRIDE_BY) + ": " + d.basis().get(LineMaintenanceGovernance.OVERRIDE_REASON), d));
            } else if (d.outcome() == Outcome.REVIEW_REQUIRED && !stopsApproved) {
                actions.add(new Action(d.item(), machine, LineMaintenanceGovernance.DERATE, "stop not approved", d));
            } else {
                actions.add(new Action(d.item(), machine, d.decision(), d.outcome() == Outcome.REVIEW_REQUIRED ? "stop approved"
                        : String.join(",", d.determiningPolicies()), d));
            }
        }
        return actions;
    }

    private void publish(String jobId, StepResults.Assessment assessment, PolicyDecision decision, List<Action> actions, String approver,
                         boolean escalate) {
        List<Map<String, Object>> acting = new ArrayList<>();
        List<Map<String, Object>> workOrders = new ArrayList<>();
        List<Map<String, Object>> escalations = new ArrayList<>();
        List<Map<String, Object>> overrides = new ArrayList<>();
        for (Action a : actions) {
            if (a.override() != null) {
                overrides.add(Map.of("jobId", jobId, "line", assessment.lineId(), "machine", a.machine(), "override", a.override(),
                        "by", a.decision().basis().get(LineMaintenanceGovernance.OVERRIDE_BY),
                        "reason", a.decision().basis().get(LineMaintenanceGovernance.OVERRIDE_REASON), "action", a.action(),
                        "policyBundle", decision.policyBundle()));
            }
            if (LineMaintenanceGovernance.CONTINUE.equals(a.action())) {
                continue;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("jobId", jobId);
            detail.put("line", assessment.lineId());
            detail.put("machine", a.machine());
            detail.put("action", a.action());
            detail.put("reason", a.reason());
            detail.put("score", a.decision().basis().get("score"));
            detail.put("modelVersion", a.decision().basis().getOrDefault("modelVersion", assessment.modelVersion()));
            detail.put("policyBundle", decision.policyBundle());
            detail.put("decidedBy", decision.decidedBy());
            if (approver != null && a.decision().outcome() == Outcome.REVIEW_REQUIRED) {
                detail.put("approvedBy", approver);
            }
            acting.add(detail);
            if (LineMaintenanceGovernance.SCHEDULE_MAINTENANCE.equals(a.action())) {
                workOrders.add(Map.of("jobId", jobId, "line", assessment.lineId(), "machine", a.machine(),
                        "workOrder", WorkOrders.id(a.decision()), "reason", a.reason()));
            }
            if (escalate && a.decision().outcome() == Outcome.REVIEW_REQUIRED) {
                escalations.add(Map.of("jobId", jobId, "line", assessment.lineId(), "machine", a.machine(),
                        "proposed", a.decision().decision(), "meanwhile", a.action(), "score", a.decision().basis().get("score")));
            }
        }
        events.publish(jobId, ACTION_EVENT, acting);
        events.publish(jobId, WORK_ORDER_EVENT, workOrders);
        events.publish(jobId, ESCALATION_EVENT, escalations);
        events.publish(jobId, OVERRIDE_EVENT, overrides);
    }

    private static Map<String, Object> summary(String jobId, JobStatus status, PolicyDecision decision, List<Action> actions) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("jobId", jobId);
        s.put("pipeline", LineMaintenanceBlueprint.NAME);
        s.put("status", status.name());
        if (decision != null) {
            s.put("outcome", decision.outcome().name());
            s.put("policyBundle", decision.policyBundle());
        }
        if (!actions.isEmpty()) {
            s.put("actions", actions.stream().collect(Collectors.toMap(Action::machine, Action::action, (a, b) -> a, LinkedHashMap::new)));
        }
        return s;
    }

    /** job -> batch -> machines -> model invocations -> model; decision -> bundle, agent, review; machine -> action. */
    static LineageGraph graph(String jobId, JobRecord job, JsonNode state, StepResults.Assessment assessment, PolicyDecision decision,
                              JsonNode review, List<Action> actions, StepContext context) {
        List<LineageNode> nodes = new ArrayList<>();
        List<LineageEdge> edges = new ArrayList<>();
        String jobNode = "job:" + jobId;
        nodes.add(new LineageNode(jobNode, Kind.JOB, Map.of("pipeline", job.pipeline(), "line", assessment.lineId())));
        nodes.add(new LineageNode("batch", Kind.DOCUMENT, Map.of("uri", job.payload().uri(), "sha256", job.payload().sha256())));
        edges.add(new LineageEdge(jobNode, "batch", "PROCESSED"));
        // A model node per model that scored (a job of overrides scores nothing: no model took part).
        Set<String> models = new HashSet<>();
        List<String> functions = new ArrayList<>(List.of(state.at("/prepared/function").asText(), assessment.function(), context.function()));
        for (JsonNode s : state.path("scores")) {
            String machine = s.at("/score/machineId").asText();
            String model = "model:" + s.at("/score/model").asText();
            if (models.add(model)) {
                // A score recorded before providers were has none: the embedded model was the only one.
                nodes.add(new LineageNode(model, Kind.MODEL, Map.of(LineageTable.MODEL_ATTRIBUTE, s.at("/score/model").asText(),
                        "provider", s.path("provider").asText(RobustZModel.PROVIDER))));
            }
            String invocation = "model-invocation:" + machine;
            nodes.add(new LineageNode(invocation, Kind.MODEL_INVOCATION, Map.of("machine", machine, "score", s.at("/score/score").asText())));
            edges.add(new LineageEdge("batch", invocation, "SCORED_BY"));
            edges.add(new LineageEdge(invocation, model, "USED_MODEL"));
            if (!functions.contains(s.path("function").asText())) {
                functions.add(s.path("function").asText());
            }
        }
        nodes.add(new LineageNode("policy-decision", Kind.POLICY_DECISION, Map.of("outcome", decision.outcome().name(),
                "inputHash", decision.inputHash(), "determiningPolicies", String.join(",", decision.determiningPolicies()))));
        edges.add(new LineageEdge("batch", "policy-decision", "DECIDED_BY"));
        nodes.add(new LineageNode("policy:" + decision.policyBundle(), Kind.POLICY_BUNDLE, Map.of(LineageTable.POLICY_ATTRIBUTE, decision.policyBundle())));
        edges.add(new LineageEdge("policy-decision", "policy:" + decision.policyBundle(), "EVALUATED"));
        if (decision.decidedBy() != null) {
            Map<String, String> attributes = decision.agent() != null ? decision.agent().attributes() : Map.of("identity", decision.decidedBy());
            nodes.add(new LineageNode("agent:" + decision.decidedBy(), Kind.AGENT, attributes));
            edges.add(new LineageEdge("policy-decision", "agent:" + decision.decidedBy(), "MADE_BY"));
        }
        if (review.hasNonNull("reviewer")) {
            nodes.add(new LineageNode("review", Kind.REVIEW, Map.of("verdict", review.path("verdict").asText(),
                    "reviewer", review.path("reviewer").asText())));
            edges.add(new LineageEdge("policy-decision", "review", "REVIEWED_BY"));
        }
        for (Action a : actions) {
            String node = "action:" + a.machine();
            Map<String, String> attributes = new LinkedHashMap<>(Map.of("machine", a.machine(), "action", a.action(),
                    "stateVersionRead", Long.toString(a.decision().stateVersion())));
            if (LineMaintenanceGovernance.SCHEDULE_MAINTENANCE.equals(a.action())) {
                attributes.put("workOrder", WorkOrders.id(a.decision()));
            }
            if (a.override() != null) {
                attributes.put("override", a.override());
                attributes.put("overrideBy", a.decision().basis().get(LineMaintenanceGovernance.OVERRIDE_BY));
            }
            nodes.add(new LineageNode(node, Kind.OUTPUT, attributes));
            edges.add(new LineageEdge("policy-decision", node, "PRODUCED"));
        }
        for (String f : functions) {
            nodes.add(new LineageNode("function:" + f, Kind.FUNCTION, Map.of("function", f)));
            edges.add(new LineageEdge(jobNode, "function:" + f, "EXECUTED_BY"));
        }
        return new LineageGraph(jobId, nodes, edges);
    }
}
