package dev.tandem.pipelines.documentcompliance.steps.finalize;

import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.lineage.LineageEdge;
import dev.tandem.contracts.lineage.LineageGraph;
import dev.tandem.contracts.lineage.LineageNode;
import dev.tandem.contracts.lineage.LineageNode.Kind;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.pipeline.AgentIdentity;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.ModelInvocation;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.RedactionPlan;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.functions.jobs.JobRecord;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.lineage.LineageTable;
import dev.tandem.functions.steps.review.ReviewVerdicts;
import dev.tandem.functions.events.JobEvents;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepState.Assessment;
import dev.tandem.functions.steps.StepState.ChunkAnalysis;
import dev.tandem.functions.steps.StepState.Extracted;
import dev.tandem.functions.steps.analysis.Redactor;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finalize: settles the outcome (fast path, policy decision, reviewer's verdict or review timeout),
 * writes the (redacted) result, the lineage graph and the audit events, sets the final status and
 * publishes {@code tandem.job.completed}. A retried Finalize of a job that already ended returns the
 * stored outcome without writing anything again.
 */
@Singleton
public class Finalize {

    /** The review step of the blueprint Finalize follows. */
    static final String REVIEW_STEP = "HumanReview";

    public static final String STEP = "Finalize";
    /** Policy bundle recorded for fast-path jobs: no policy was consulted because nothing was sensitive. */
    public static final String FAST_PATH = "fast-path";

    private final Payloads payloads;
    private final JobTable jobs;
    private final AuditLog audit;
    private final LineageTable lineage;
    private final ReviewVerdicts verdicts;
    private final JobEvents events;

    public Finalize(Payloads payloads, JobTable jobs, AuditLog audit, LineageTable lineage, ReviewVerdicts verdicts, JobEvents events) {
        this.payloads = payloads;
        this.jobs = jobs;
        this.audit = audit;
        this.lineage = lineage;
        this.verdicts = verdicts;
        this.events = events;
    }

    public Map<String, Object> run(JsonNode state, StepContext context) {
        String jobId = state.path("jobId").asText();
        JobRecord job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalStateException("job " + jobId + " does not exist");
        }
        if (job.status().isTerminal()) {
            return summary(job.jobId(), job.status(), job.decision(), job.result());
        }
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Extracted extract = Json.convert(state.path("extract"), Extracted.class);
        Assessment assessment = Json.convert(state.path("assessment"), Assessment.class);
        PolicyDecision decision = decision(state, assessment, context);

        Outcome outcome = decision.outcome();
        JsonNode review = state.path("review");
        if (outcome == Outcome.REVIEW_REQUIRED) {
            ReviewVerdicts.Settled settled = verdicts.settle(jobId, state);
            if (settled.approved()) {
                outcome = Outcome.ALLOW_WITH_REDACTION;
                decision = decision.settledBy(outcome, settled.reviewer(), started);
            } else {
                outcome = Outcome.DENY;
            }
            jobs.stepEnded(jobId, REVIEW_STEP, job.createdAt(), started, StepProgress.State.SUCCEEDED);
        }

        JobView.ResultLocation result = null;
        PayloadRef output = null;
        if (outcome == Outcome.ALLOW || outcome == Outcome.ALLOW_WITH_REDACTION) {
            String text = new String(payloads.read(extract.normalized().uri()), StandardCharsets.UTF_8);
            RedactionPlan plan = outcome == Outcome.ALLOW ? RedactionPlan.NONE : decision.redactionPlan();
            List<Finding> findings = payloads.readFindings(assessment.findings().uri());
            output = payloads.putText("result", "jobs/" + jobId + "/result.txt", Redactor.redact(text, findings, plan));
            result = new JobView.ResultLocation(output.uri(), output.sha256(), output.sizeBytes());
        }
        JobStatus status = result != null ? JobStatus.COMPLETED : JobStatus.REJECTED;

        lineage.write(graph(jobId, job, extract, state, assessment, decision, review, output, context));
        jobs.stepEnded(jobId, STEP, started, Instant.now(), StepProgress.State.SUCCEEDED);
        if (!jobs.finish(jobId, status, decision, result, null, Instant.now())) {
            JobRecord now = jobs.get(jobId);
            return summary(jobId, now.status(), now.decision(), now.result());
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("outcome", outcome.name());
        details.put("policyBundle", decision.policyBundle());
        // Counts by type (never values), so an auditor sees what the decision was about.
        details.put("findings", assessment.counts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().name() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
        if (result != null) {
            details.put("resultSha256", result.sha256());
        }
        audit.append(jobId, AuditActors.function(context.function()), status == JobStatus.COMPLETED ? AuditEventType.JOB_COMPLETED
                : AuditEventType.JOB_REJECTED, details);
        Map<String, Object> summary = summary(jobId, status, decision, result);
        events.completed(jobId, summary);
        return summary;
    }

    private PolicyDecision decision(JsonNode state, Assessment assessment, StepContext context) {
        if (Assessment.FAST.equals(assessment.path())) {
            return new PolicyDecision(Outcome.ALLOW, FAST_PATH, List.of(FAST_PATH),
                    Digests.sha256Hex(Json.write(assessment).getBytes(StandardCharsets.UTF_8)), RedactionPlan.NONE,
                    "function:" + context.function(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
        if (!state.hasNonNull("decision")) {
            throw new IllegalStateException("governed job " + state.path("jobId").asText() + " reached Finalize without a policy decision");
        }
        return Json.convert(state.path("decision"), PolicyDecision.class);
    }

    private static Map<String, Object> summary(String jobId, JobStatus status, PolicyDecision decision, JobView.ResultLocation result) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("jobId", jobId);
        s.put("status", status.name());
        if (decision != null) {
            s.put("outcome", decision.outcome().name());
            s.put("policyBundle", decision.policyBundle());
        }
        if (result != null) {
            s.put("result", Map.of("uri", result.uri(), "sha256", result.sha256()));
        }
        return s;
    }

    /** job -> document -> chunks -> model invocations -> models; decision -> policy bundle, agent; output. */
    static LineageGraph graph(String jobId, JobRecord job, Extracted extract, JsonNode state, Assessment assessment,
                              PolicyDecision decision, JsonNode review, PayloadRef output, StepContext context) {
        List<LineageNode> nodes = new ArrayList<>();
        List<LineageEdge> edges = new ArrayList<>();
        String jobNode = "job:" + jobId;
        nodes.add(new LineageNode(jobNode, Kind.JOB, Map.of("pipeline", job.pipeline(), "purpose", job.attributes().get(LibraryInputs.PURPOSE))));
        nodes.add(new LineageNode("document", Kind.DOCUMENT, Map.of("uri", job.payload().uri(), "sha256", job.payload().sha256(),
                "normalizedSha256", extract.normalized().sha256())));
        edges.add(new LineageEdge(jobNode, "document", "PROCESSED"));
        Set<String> functions = new LinkedHashSet<>(List.of(extract.function(), assessment.function(), context.function()));
        for (JsonNode a : state.path("analysis")) {
            ChunkAnalysis chunk = Json.convert(a, ChunkAnalysis.class);
            String chunkNode = "chunk:" + chunk.index();
            String invocation = "model-invocation:" + chunk.index();
            ModelInvocation m = chunk.model();
            nodes.add(new LineageNode(chunkNode, Kind.CHUNK, Map.of("index", Integer.toString(chunk.index()), "findings", chunk.findings().uri())));
            nodes.add(new LineageNode(invocation, Kind.MODEL_INVOCATION, Map.of("label", m.label(), "score", Double.toString(m.score()))));
            edges.add(new LineageEdge("document", chunkNode, "SPLIT_INTO"));
            edges.add(new LineageEdge(chunkNode, invocation, "CLASSIFIED_BY"));
            edges.add(new LineageEdge(invocation, "model:" + m.reference(), "USED_MODEL"));
            functions.add(chunk.function());
        }
        for (ModelInvocation m : assessment.models()) {
            Map<String, String> attributes = new LinkedHashMap<>(Map.of(LineageTable.MODEL_ATTRIBUTE, m.reference(), "provider", m.provider()));
            if (m.promptVersion() != null) {
                attributes.put("promptVersion", m.promptVersion());
            }
            nodes.add(new LineageNode("model:" + m.reference(), Kind.MODEL, attributes));
        }
        nodes.add(new LineageNode("policy-decision", Kind.POLICY_DECISION, Map.of("outcome", decision.outcome().name(),
                "inputHash", decision.inputHash(), "determiningPolicies", String.join(",", decision.determiningPolicies()))));
        edges.add(new LineageEdge("document", "policy-decision", "DECIDED_BY"));
        nodes.add(new LineageNode("policy:" + decision.policyBundle(), Kind.POLICY_BUNDLE, Map.of(LineageTable.POLICY_ATTRIBUTE, decision.policyBundle())));
        edges.add(new LineageEdge("policy-decision", "policy:" + decision.policyBundle(), "EVALUATED"));
        JsonNode agentDecision = state.path("decision");
        if (agentDecision.hasNonNull("decidedBy")) {
            String agent = agentDecision.path("decidedBy").asText();
            // The agent stamps its ECS task ARN and image digest into the decision.
            Map<String, String> attributes = agentDecision.hasNonNull("agent")
                    ? Json.convert(agentDecision.get("agent"), AgentIdentity.class).attributes() : Map.of("identity", agent);
            nodes.add(new LineageNode("agent:" + agent, Kind.AGENT, attributes));
            edges.add(new LineageEdge("policy-decision", "agent:" + agent, "MADE_BY"));
        }
        if (review.hasNonNull("reviewer")) {
            nodes.add(new LineageNode("review", Kind.REVIEW, Map.of("verdict", review.path("verdict").asText(),
                    "reviewer", review.path("reviewer").asText())));
            edges.add(new LineageEdge("policy-decision", "review", "REVIEWED_BY"));
        }
        for (String f : functions) {
            nodes.add(new LineageNode("function:" + f, Kind.FUNCTION, Map.of("function", f)));
            edges.add(new LineageEdge(jobNode, "function:" + f, "EXECUTED_BY"));
        }
        if (output != null) {
            nodes.add(new LineageNode("output", Kind.OUTPUT, Map.of("uri", output.uri(), "sha256", output.sha256())));
            edges.add(new LineageEdge("document", "output", "PRODUCED"));
            edges.add(new LineageEdge("output", "policy-decision", "GOVERNED_BY"));
        }
        return new LineageGraph(jobId, nodes, edges);
    }
}
