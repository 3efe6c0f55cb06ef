package dev.tandem.functions.audit;

import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.audit.AuditVerifier;
import dev.tandem.functions.config.FunctionsConfig;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.JobIds;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import dev.tandem.functions.jobs.GetJob;
import dev.tandem.functions.jobs.JobRecord;
import dev.tandem.functions.jobs.JobTable;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

/**
 * {@code GET /v1/jobs/{jobId}/audit}: the ordered events and whether the hash chain holds up to its anchored head and
 * against the signed digests that cover the job (where the deployment keeps digests). Auditors.
 */
@Singleton
public class GetJobAudit {

    private final JobTable jobs;
    private final AuditLog audit;
    private final FunctionsConfig config;
    private final BeanProvider<AuditVerifier> verifier;

    public GetJobAudit(JobTable jobs, AuditLog audit, FunctionsConfig config, BeanProvider<AuditVerifier> verifier) {
        this.jobs = jobs;
        this.audit = audit;
        this.config = config;
        this.verifier = verifier;
    }

    public ApiResponse get(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.AUDITOR);
        String jobId = JobIds.require(request, "jobId");
        JobRecord job = GetJob.visibleJob(jobs, caller, jobId);
        if (!config.auditDigests().enabled()) {
            return ApiResponse.json(200, audit.trail(jobId));
        }
        return ApiResponse.json(200, verifier.get().verify(jobId, job.createdAt()));
    }
}
