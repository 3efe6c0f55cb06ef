package dev.tandem.functions.steps.failed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.WorkflowError;
import dev.tandem.functions.events.JobEvents;
import dev.tandem.functions.jobs.JobTable;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * MarkFailed, the pipeline's error handler: runs when an execution of its state machine ends FAILED, TIMED_OUT or
 * ABORTED (Step Functions' status-change event, routed by the pipeline's rule), records the error name, its cause and
 * the state that failed so that {@code GET /v1/jobs/{id}} explains the failure. {@code Tandem.KillSwitch} ends the job
 * HALTED (stopped on purpose, nothing lost), anything else FAILED. An execution stopped by a cancellation is the
 * cancelling function's to record, and is left alone here.
 */
@Singleton
public class MarkFailed {

    private static final Logger LOG = LoggerFactory.getLogger(MarkFailed.class);
    static final int MAX_CAUSE = 1000;
    /**
     * One page of an execution's history, newest first (the API's largest page): enough to reach the step that failed
     * past a Map's iterations (about five events each).
     */
    private static final int HISTORY_EVENTS = 1000;

    /** What the status-change event says about the execution. */
    public record Failure(String jobId, String executionArn, String status, String error, String cause) {
    }

    private final JobTable jobs;
    private final AuditLog audit;
    private final JobEvents events;
    private final SfnClient sfn;

    public MarkFailed(JobTable jobs, AuditLog audit, JobEvents events, SfnClient sfn) {
        this.jobs = jobs;
        this.audit = audit;
        this.events = events;
        this.sfn = sfn;
    }

    public Map<String, Object> run(Failure failure) {
        String code = failure.error() != null && !failure.error().isBlank() ? failure.error() : switch (failure.status()) {
            case "TIMED_OUT" -> "States.Timeout";
            case "ABORTED" -> "States.Aborted";
            default -> "States.Runtime";
        };
        String jobId = failure.jobId();
        Map<String, Object> summary = new LinkedHashMap<>(Map.of("jobId", jobId, "error", code));
        if (WorkflowError.endedStatus(code) == JobStatus.CANCELLED) {
            summary.put("status", JobStatus.CANCELLED.name());
            return summary;
        }
        var job = jobs.get(jobId);
        String failedStep = failedState(failure.executionArn(), job == null ? List.of() : JobTable.stepOrder(job.pipeline()));
        String cause = cause(failure.cause() == null ? "" : failure.cause());
        JobStatus status = WorkflowError.endedStatus(code);
        boolean changed = jobs.finish(jobId, status, null, null, new JobView.JobError(code, cause, failedStep), Instant.now());
        summary.put("status", status.name());
        if (changed) {
            audit.append(jobId, AuditActors.WORKFLOW, status == JobStatus.HALTED ? AuditEventType.JOB_HALTED : AuditEventType.JOB_FAILED,
                    Map.of("error", code, "step", failedStep == null ? "unknown" : failedStep));
            events.completed(jobId, summary);
        }
        return summary;
    }

    /**
     * The step the execution failed in: the newest state it entered that is one of the pipeline's steps (a state inside
     * a Map, such as its task, counts as the Map step: where a redrive resumes), else the newest state it entered.
     * Null (the job is still marked, its step "unknown") when the history cannot be read; the job's status matters
     * more than the step's name.
     */
    String failedState(String executionArn, List<String> steps) {
        if (executionArn == null) {
            return null;
        }
        String newest = null;
        try {
            for (HistoryEvent e : sfn.getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true)
                    .maxResults(HISTORY_EVENTS).includeExecutionData(false)).events()) {
                String name = e.stateEnteredEventDetails() == null ? null : e.stateEnteredEventDetails().name();
                if (name != null && steps.contains(name)) {
                    return name;
                }
                newest = newest == null ? name : newest;
            }
        } catch (SdkException e) {
            LOG.warn("cannot read the history of {}: {}", executionArn, e.getClass().getSimpleName());
        }
        return newest;
    }

    /**
     * A Lambda failure's Cause is JSON with the exception message and a stack trace; keep the message
     * (our messages name ids and resources, never document text), bounded.
     */
    static String cause(String raw) {
        String cause = raw;
        if (raw.startsWith("{")) {
            try {
                JsonNode json = Json.read(raw, JsonNode.class);
                cause = json.path("errorMessage").asText(raw);
            } catch (UncheckedIOException e) {
                cause = raw;
            }
        }
        if (cause.isBlank()) {
            cause = "no cause was given";
        }
        return cause.length() > MAX_CAUSE ? cause.substring(0, MAX_CAUSE) + "..." : cause;
    }
}
