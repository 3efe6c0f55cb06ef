package dev.tandem.functions.jobs;

import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.JobIds;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import jakarta.inject.Singleton;

/** {@code GET /v1/jobs/{jobId}}: submitters see their own jobs; auditors and operators see all. */
@Singleton
public class GetJob {

    private final JobTable jobs;

    public GetJob(JobTable jobs) {
        this.jobs = jobs;
    }

    public ApiResponse get(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.SUBMITTER, Role.AUDITOR);
        String jobId = JobIds.require(request, "jobId");
        return ApiResponse.json(200, visibleJob(jobs, caller, jobId).view());
    }

    /**
     * The job if this caller may see it. Someone else's job answers 404 like a missing one, so ids
     * cannot be probed.
     */
    public static JobRecord visibleJob(JobTable jobs, Caller caller, String jobId) {
        JobRecord job = jobs.get(jobId);
        boolean mayRead = job != null && (caller.has(Role.AUDITOR) || job.owner().equals(caller.subject()));
        if (!mayRead) {
            throw ApiException.of(ProblemType.NOT_FOUND, "No job " + jobId + " is visible to you.");
        }
        return job;
    }
}
