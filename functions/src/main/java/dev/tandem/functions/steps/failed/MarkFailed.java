package dev.tandem.functions.steps.failed;

import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.pipeline.WorkflowError;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.json.Json;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.events.JobEvents;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MarkFailed, the target of every Catch: records the error name and cause so that
 * {@code GET /v1/jobs/{id}} explains the failure. {@code Tandem.KillSwitch} ends the job HALTED
 * (stopped on purpose, nothing lost), anything else FAILED.
 */
@Singleton
public class MarkFailed {

    static final int MAX_CAUSE = 1000;

    private final JobTable jobs;
    private final AuditLog audit;
    private final JobEvents events;

    public MarkFailed(JobTable jobs, AuditLog audit, JobEvents events) {
        this.jobs = jobs;
        this.audit = audit;
        this.events = events;
    }

    /** @param error the Catch's {@code {"Error": ..., "Cause": ...}} */
    public Map<String, Object> run(String jobId, JsonNode error, String failedStep) {
        String code = error.path("Error").asText("States.Runtime");
        String cause = cause(error.path("Cause").asText(""));
        JobStatus status = WorkflowError.KILL_SWITCH.code().equals(code) ? JobStatus.HALTED : JobStatus.FAILED;
        boolean changed = jobs.finish(jobId, status, null, null, new JobView.JobError(code, cause, failedStep), Instant.now());
        Map<String, Object> summary = new LinkedHashMap<>(Map.of("jobId", jobId, "status", status.name(), "error", code));
        if (changed) {
            audit.append(jobId, AuditActors.WORKFLOW, status == JobStatus.HALTED ? AuditEventType.JOB_HALTED : AuditEventType.JOB_FAILED,
                    Map.of("error", code, "step", failedStep == null ? "unknown" : failedStep));
            events.completed(jobId, summary);
        }
        return summary;
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
