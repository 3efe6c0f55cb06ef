package dev.tandem.agent.govern;

import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.pipeline.WorkflowError;
import dev.tandem.agent.cases.CaseConflictException;
import dev.tandem.agent.cases.CaseRecord;
import dev.tandem.agent.cases.CaseState;
import dev.tandem.agent.cases.CaseTable;
import dev.tandem.agent.cases.ItemStates;
import dev.tandem.contracts.pipeline.spi.ItemGovernedStep;
import java.util.ArrayList;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import dev.tandem.agent.config.AgentConfig;
import dev.tandem.agent.observability.AgentMetrics;
import dev.tandem.agent.observability.AgentTracing;
import dev.tandem.agent.policy.PolicyGuard;
import dev.tandem.agent.policy.GovernedSteps;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.killswitch.KillSwitch;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.pipeline.AgentIdentity;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.PolicyDecision;
import com.google.common.util.concurrent.Striped;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import dev.tandem.contracts.api.StepProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Governs one delivered Govern task: the case state machine around the policy guard.
 *
 * <ol>
 *   <li>A case that is already DECIDED (or REPORTED) is re-reported with its stored decision: no new
 *       evaluation, no new audit event. This covers duplicate deliveries, a crash between deciding
 *       and reporting, and a workflow retry that brings a new task token.</li>
 *   <li>With the pipeline's kill switch on, no evaluation starts: an audit event is written and the
 *       task fails with {@code Tandem.KillSwitch}.</li>
 *   <li>The evidence is checked (job record, findings digest), the case moves RECEIVED -> EVALUATING,
 *       Cedar decides, and the decision and its audit event are written in one transaction
 *       (EVALUATING -> DECIDED). A step that decides per item reads its items' states first and writes them in
 *       that transaction, each on the version it read; when one changed meanwhile, it decides again on the new
 *       state.</li>
 *   <li>The decision, DENY included, is reported with SendTaskSuccess (DECIDED -> REPORTED).</li>
 * </ol>
 */
@Singleton
public class Governor {


    private static final Logger LOG = LoggerFactory.getLogger(Governor.class);

    private final CaseTable cases;
    private final Evidence evidence;
    private final GovernedSteps governed;
    private final AuditLog audit;
    private final KillSwitch killSwitch;
    private final TaskCallbacks callbacks;
    private final AgentMetrics metrics;
    private final AgentTracing tracing;
    private final AgentIdentity identity;
    private final Duration retryDelay;
    private final ItemStates itemStates;
    private final Striped<Lock> caseLocks = Striped.lock(64);

    /** How often a decision is made again on item states that changed under it before the delivery is retried later. */
    static final int MAX_STATE_ROUNDS = 5;

    public Governor(CaseTable cases, Evidence evidence, GovernedSteps governed, AuditLog audit, KillSwitch killSwitch,
                    TaskCallbacks callbacks, AgentMetrics metrics, AgentTracing tracing, AgentIdentity identity, AgentConfig config, ItemStates itemStates) {
        this.itemStates = itemStates;
        this.cases = cases;
        this.evidence = evidence;
        this.governed = governed;
        this.audit = audit;
        this.killSwitch = killSwitch;
        this.callbacks = callbacks;
        this.metrics = metrics;
        this.tracing = tracing;
        this.identity = identity;
        this.retryDelay = config.retryDelay();
    }

    /** See {@link GovernTasks#parse}. */
    public GovernTask parse(String body) {
        return GovernTasks.parse(body);
    }

    public Disposition govern(GovernTask task) {
        String caseId = CaseRecord.caseId(task.jobId(), task.step());
        // Deliveries of one case are handled one at a time in this agent, so a duplicate that arrives
        // while the first is reporting waits and then finds the case REPORTED. Across agents the queue's
        // visibility timeout (kept extended by heartbeats) keeps a message with one consumer; the rare
        // duplicate that slips through reaches Step Functions, which accepts one result per token.
        Lock lock = caseLocks.get(caseId);
        lock.lock();
        try {
            return governLocked(task, caseId);
        } finally {
            lock.unlock();
        }
    }

    private Disposition governLocked(GovernTask task, String caseId) {
        String tokenHash = Digests.sha256Hex(task.taskToken().getBytes(StandardCharsets.UTF_8));
        CaseRecord existing = cases.get(caseId);
        if (existing != null && existing.state().decided()) {
            return report(task, existing, tokenHash);
        }
        if (killSwitch.isOn(task.pipeline())) {
            return halt(task);
        }
        GovernedSteps.Route route = governed.route(task.pipeline(), task.step()).orElseThrow(() -> new InvalidTaskException(
                "no registered pipeline " + task.pipeline() + " places step " + task.step() + " on the agent; this agent governs "
                        + governed.routes().stream().map(r -> r.pipeline().name() + "/" + r.step()).toList(), task.taskToken(), false));
        Evidence.Verified verified = evidence.verify(task, route);
        Evaluation evaluation = route.governed() instanceof ItemGovernedStep<?, ?> perItem
                ? ItemEvaluation.prepare(task, perItem, verified.context(), route.guard(), itemStates)
                : jobEvaluation(task, route, verified);
        CaseRecord c = existing != null ? existing : cases.open(task.jobId(), task.step(), task.attempt());
        if (c.state().decided()) {
            return report(task, c, tokenHash);
        }
        try {
            c = cases.startEvaluation(c);
            Instant evaluationStarted = Instant.now();
            PolicyDecision decision;
            for (int round = 1; ; round++) {
                long started = System.nanoTime();
                try {
                    decision = tracing.subsegment("policy-evaluation", evaluation::decide);
                } catch (PolicyGuard.PolicyEvaluationException e) {
                    LOG.error("policy evaluation failed for case {}: {}", caseId, e.getMessage());
                    callbacks.failure(task.taskToken(), WorkflowError.POLICY_ERROR.code(), e.getMessage());
                    return Disposition.done("policy error");
                }
                metrics.evaluation(task.pipeline(), Duration.ofNanos(System.nanoTime() - started));
                List<TransactWriteItem> writes = new ArrayList<>();
                writes.add(cases.decide(c, decision));
                writes.addAll(evaluation.writes(decision));
                try {
                    audit.appendAtomically(task.jobId(), actor(), AuditEventType.POLICY_DECIDED, details(task, decision), writes);
                    break;
                } catch (TransactionCanceledException e) {
                    // Index 0 and 1 are the audit event and the chain's head, 2 the case; the item states follow.
                    if (round >= MAX_STATE_ROUNDS || !ItemStates.stateChanged(e, 3)) {
                        throw e;
                    }
                    LOG.info("case {}: an item state changed while it was decided (round {}); deciding again on the new state", caseId, round);
                }
            }
            c = cases.decided(c, decision);
            evidence.recordProgress(task.jobId(), new StepProgress(task.step(), StepProgress.State.SUCCEEDED, evaluationStarted,
                    decision.decidedAt()));
            metrics.decision(task.pipeline(), decision.outcome());
            if (verified.acceptedAt() != null) {
                metrics.timeToDecision(task.pipeline(), Duration.between(verified.acceptedAt(), decision.decidedAt()));
            }
            LOG.info("decided case {}: {} by {} under {}", caseId, decision.outcome(), decision.determiningPolicies(), decision.policyBundle());
        } catch (CaseConflictException | TransactionCanceledException e) {
            // Another delivery of this step moved the case; the next delivery reads what it decided.
            LOG.warn("case {} changed while this delivery evaluated it; retrying", caseId);
            return Disposition.retryAfter(retryDelay, "case conflict");
        }
        return report(task, c, tokenHash);
    }

    private Evaluation jobEvaluation(GovernTask task, GovernedSteps.Route route, Evidence.Verified verified) {
        PolicyRequest request = evidence.gather(task, route, verified);
        return () -> route.guard().decide(task.jobId(), request);
    }

    /** Reports the stored decision for this token, unless it was already reported to exactly this token. */
    private Disposition report(GovernTask task, CaseRecord c, String tokenHash) {
        if (c.state() == CaseState.REPORTED && tokenHash.equals(c.reportedTokenHash())) {
            LOG.info("case {} was already reported to this task; dropping the duplicate delivery", c.caseId());
            return Disposition.done("duplicate");
        }
        TaskCallbacks.Delivery delivery = callbacks.success(task.taskToken(), c.decision());
        if (delivery == TaskCallbacks.Delivery.TASK_CLOSED) {
            // The workflow stopped waiting (timeout, retry, end). A retried step brings a new token and
            // gets the same decision then.
            LOG.warn("the workflow no longer waits for case {}; the decision stays stored", c.caseId());
            return Disposition.done("task closed");
        }
        try {
            cases.reported(c, tokenHash);
        } catch (CaseConflictException e) {
            LOG.warn("case {} was reported concurrently", c.caseId());
        }
        return Disposition.done("reported");
    }

    private Disposition halt(GovernTask task) {
        audit.append(task.jobId(), actor(), AuditEventType.GOVERNANCE_HALTED, Map.of("step", task.step(), "attempt", Integer.toString(task.attempt()),
                "reason", "kill switch " + killSwitch.parameter(task.pipeline()) + " is on"));
        callbacks.failure(task.taskToken(), WorkflowError.KILL_SWITCH.code(), "pipeline " + task.pipeline()
                + " is halted by its kill switch; the step was not evaluated");
        LOG.warn("kill switch on for pipeline {}: step not evaluated", task.pipeline());
        return Disposition.done("kill switch");
    }

    /**
     * Fails the task of an invalid message (when it has a token) and sends the message on towards the
     * dead-letter queue. When the job exists, its audit chain records the refusal.
     */
    public Disposition reject(InvalidTaskException e, String jobId, int receiveCount) {
        LOG.error("invalid Govern task (receive {}): {}", receiveCount, e.getMessage());
        if (e.taskToken() != null) {
            callbacks.failure(e.taskToken(), WorkflowError.INVALID_TASK.code(), e.getMessage());
        }
        if (e.jobKnown() && jobId != null && receiveCount <= 1) {
            audit.append(jobId, actor(), AuditEventType.GOVERNANCE_REJECTED_TASK, Map.of("reason", e.getMessage()));
        }
        return Disposition.retryAfter(Duration.ZERO, "invalid task");
    }

    private String actor() {
        return AuditActors.agent(identity.id());
    }

    private Map<String, String> details(GovernTask task, PolicyDecision d) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("step", task.step());
        details.put("attempt", Integer.toString(task.attempt()));
        details.put("outcome", d.outcome().name());
        details.put("policyBundle", d.policyBundle());
        details.put("determiningPolicies", String.join(",", d.determiningPolicies()));
        details.put("inputHash", d.inputHash());
        if (!d.items().isEmpty()) {
            // Per item: its decision and the version of the state it read (the state itself is in the case's decision).
            details.put("items", d.items().stream().map(i -> i.item() + "=" + (i.decision() == null ? i.outcome().name() : i.decision())
                    + "@" + i.stateVersion()).collect(Collectors.joining(",")));
        }
        details.put("redact", d.redactionPlan().redact().stream().map(FindingType::name).sorted().collect(Collectors.joining(",")));
        details.putAll(identity.attributes().entrySet().stream().collect(Collectors.toMap(e -> "agent." + e.getKey(), Map.Entry::getValue)));
        return details;
    }
}
