package dev.tandem.functions.steps.complete;

import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.events.JobEvents;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Complete, a library step that ends a job with its governed decision: COMPLETED when the decision allows
 * (with or without redaction), REJECTED otherwise; the job record keeps the decision, the audit chain closes
 * with JOB_COMPLETED or JOB_REJECTED, and the job-completed event is published. A pipeline whose last step
 * produces no result of its own ends with it.
 */
@Singleton
public class Complete {

    private final JobTable jobs;
    private final AuditLog audit;
    private final JobEvents events;

    public Complete(JobTable jobs, AuditLog audit, JobEvents events) {
        this.jobs = jobs;
        this.audit = audit;
        this.events = events;
    }

    public Map<String, Object> run(String jobId, PolicyDecision decision, String function) {
        JobStatus status = decision.outcome() == Outcome.ALLOW || decision.outcome() == Outcome.ALLOW_WITH_REDACTION
                ? JobStatus.COMPLETED : JobStatus.REJECTED;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("jobId", jobId);
        summary.put("status", status.name());
        summary.put("outcome", decision.outcome().name());
        summary.put("policyBundle", decision.policyBundle());
        if (jobs.finish(jobId, status, decision, null, null, Instant.now())) {
            audit.append(jobId, AuditActors.function(function), status == JobStatus.COMPLETED ? AuditEventType.JOB_COMPLETED
                    : AuditEventType.JOB_REJECTED, Map.of("outcome", decision.outcome().name(), "policyBundle", decision.policyBundle()));
            events.completed(jobId, summary);
        }
        return summary;
    }
}
