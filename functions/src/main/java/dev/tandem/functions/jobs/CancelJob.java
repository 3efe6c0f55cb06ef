package dev.tandem.functions.jobs;

import dev.tandem.contracts.pipeline.WorkflowError;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.audit.AuditActors;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.JobIds;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import dev.tandem.functions.events.JobEvents;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/jobs/{jobId}/cancel}: the job's owner or an operator stops a job in progress. The execution is
 * stopped first (a governed step waiting on the agent or a reviewer is released: their callbacks then find no task),
 * then the job ends CANCELLED, its pending review (if any) leaves the queue as EXPIRED, and a {@code JOB_CANCELLED}
 * audit event and the job-ended event are written. Cancelling a cancelled
 * job answers the job again; a job that ended otherwise is a 409 and nothing changes.
 */
@Singleton
public class CancelJob {

    private final JobTable jobs;
    private final Workflow workflow;
    private final AuditLog audit;
    private final JobEvents events;
    private final dev.tandem.functions.reviews.ReviewTable reviews;

    public CancelJob(JobTable jobs, Workflow workflow, AuditLog audit, JobEvents events, dev.tandem.functions.reviews.ReviewTable reviews) {
        this.jobs = jobs;
        this.workflow = workflow;
        this.audit = audit;
        this.events = events;
        this.reviews = reviews;
    }

    public ApiResponse cancel(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.SUBMITTER, Role.AUDITOR);
        String jobId = JobIds.require(request, "jobId");
        JobRecord job = GetJob.visibleJob(jobs, caller, jobId);
        if (!caller.has(Role.OPERATOR) && !job.owner().equals(caller.subject())) {
            throw ApiException.of(ProblemType.FORBIDDEN, "Only the job's owner or an operator may cancel job " + jobId + ".");
        }
        if (job.status() == JobStatus.CANCELLED) {
            return ApiResponse.json(200, job.view());
        }
        if (job.status().isTerminal()) {
            throw ApiException.of(ProblemType.CONFLICT, "Job " + jobId + " already ended " + job.status()
                    + "; only a job in progress can be cancelled.");
        }
        String by = AuditActors.user(caller.subject());
        workflow.stop(job.pipeline(), jobId, "cancelled by " + by);
        boolean changed = jobs.finish(jobId, JobStatus.CANCELLED, null, null,
                new JobView.JobError(WorkflowError.CANCELLED.code(), "cancelled by " + by, null), Instant.now());
        if (!changed) {
            // It ended on its own between our read and the stop.
            JobRecord ended = jobs.get(jobId);
            throw ApiException.of(ProblemType.CONFLICT, "Job " + jobId + " ended " + ended.status() + " before it could be cancelled.");
        }
        boolean reviewExpired = reviews.expireIfPending(dev.tandem.functions.reviews.ReviewTable.reviewIdOf(jobId));
        audit.append(jobId, by, AuditEventType.JOB_CANCELLED, Map.of("previousStatus", job.status().name(),
                "pendingReviewExpired", Boolean.toString(reviewExpired)));
        Map<String, Object> summary = new LinkedHashMap<>(Map.of("jobId", jobId, "status", JobStatus.CANCELLED.name(),
                "error", WorkflowError.CANCELLED.code()));
        events.completed(jobId, summary);
        return ApiResponse.json(200, jobs.get(jobId).view());
    }
}
