package dev.tandem.functions.audit;

import dev.tandem.aws.audit.AuditLog;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.JobIds;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import dev.tandem.functions.jobs.GetJob;
import dev.tandem.functions.jobs.JobTable;
import jakarta.inject.Singleton;

/** {@code GET /v1/jobs/{jobId}/audit}: the ordered events and whether the hash chain holds up to its anchored head. Auditors. */
@Singleton
public class GetJobAudit {

    private final JobTable jobs;
    private final AuditLog audit;

    public GetJobAudit(JobTable jobs, AuditLog audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    public ApiResponse get(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.AUDITOR);
        String jobId = JobIds.require(request, "jobId");
        GetJob.visibleJob(jobs, caller, jobId);
        return ApiResponse.json(200, audit.trail(jobId));
    }
}
