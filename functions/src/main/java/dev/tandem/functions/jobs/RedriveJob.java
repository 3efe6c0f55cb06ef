package dev.tandem.functions.jobs;

import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.killswitch.KillSwitch;
import dev.tandem.contracts.api.JobStatus;
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
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/jobs/{jobId}/redrive}: an operator brings a FAILED or HALTED job back. Its execution is redriven
 * ({@code RedriveExecution}): it resumes from the state that failed, with the results of the states that succeeded,
 * which are not run again. The job is set RUNNING first (so that the redriven steps find it running), then the
 * execution is redriven, then a {@code JOB_REDRIVEN} audit event names the operator, the previous status, error and
 * step. If Step Functions refuses, the job is put back exactly as it was and the answer is a 409 with its reason.
 * A HALTED job's pipeline must have its kill switch off.
 */
@Singleton
public class RedriveJob {

    private final JobTable jobs;
    private final Workflow workflow;
    private final AuditLog audit;
    private final KillSwitch killSwitch;

    public RedriveJob(JobTable jobs, Workflow workflow, AuditLog audit, KillSwitch killSwitch) {
        this.jobs = jobs;
        this.workflow = workflow;
        this.audit = audit;
        this.killSwitch = killSwitch;
    }

    public ApiResponse redrive(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.OPERATOR);
        String jobId = JobIds.require(request, "jobId");
        JobRecord job = GetJob.visibleJob(jobs, caller, jobId);
        if (job.status() != JobStatus.FAILED && job.status() != JobStatus.HALTED) {
            throw ApiException.of(ProblemType.CONFLICT, "Job " + jobId + " is " + job.status()
                    + "; only a FAILED or HALTED job can be redriven.");
        }
        if (killSwitch.isOn(job.pipeline())) {
            throw ApiException.of(ProblemType.PIPELINE_HALTED, "The " + job.pipeline() + " pipeline is halted by its kill switch; turn it off"
                    + " before redriving job " + jobId + ". Nothing was changed.", Map.of("Retry-After", Long.toString(SubmitJob.HALTED_RETRY_AFTER.toSeconds())));
        }
        Instant now = Instant.now();
        if (!jobs.resume(job, now)) {
            throw ApiException.of(ProblemType.CONFLICT, "Job " + jobId + " changed while it was being redriven; read it and try again.");
        }
        try {
            // One redrive per failure: a retried request for the same failed attempt is the same redrive.
            workflow.redrive(job.pipeline(), jobId, jobId + ":" + job.updatedAt().toEpochMilli());
        } catch (Workflow.NotRedrivable e) {
            jobs.undoResume(job, now);
            throw ApiException.of(ProblemType.CONFLICT, "Step Functions cannot redrive job " + jobId + ": " + e.getMessage()
                    + ". The job is left " + job.status() + ".");
        } catch (RuntimeException e) {
            jobs.undoResume(job, now);
            throw e;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("previousStatus", job.status().name());
        if (job.error() != null) {
            details.put("error", job.error().code());
            details.put("step", job.error().step() == null ? "unknown" : job.error().step());
        }
        audit.append(jobId, AuditActors.user(caller.subject()), AuditEventType.JOB_REDRIVEN, details);
        return ApiResponse.json(202, jobs.get(jobId).view());
    }
}
