package dev.tandem.functions.lineage;

import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.JobIds;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import dev.tandem.functions.jobs.GetJob;
import dev.tandem.functions.jobs.JobTable;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/** {@code GET /v1/jobs/{jobId}/lineage} and {@code GET /v1/lineage?model=|policy=}. Auditors. */
@Singleton
public class Lineage {

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:@+/-]{1,200}");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final JobTable jobs;
    private final LineageTable lineage;
    /** Only the reverse lookup pages: the job graph's function runs without a cursor key. */
    private final io.micronaut.context.BeanProvider<dev.tandem.functions.http.PageCursors> cursors;

    public Lineage(JobTable jobs, LineageTable lineage, io.micronaut.context.BeanProvider<dev.tandem.functions.http.PageCursors> cursors) {
        this.jobs = jobs;
        this.lineage = lineage;
        this.cursors = cursors;
    }

    public ApiResponse graph(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.AUDITOR);
        String jobId = JobIds.require(request, "jobId");
        GetJob.visibleJob(jobs, caller, jobId);
        return ApiResponse.json(200, lineage.graph(jobId));
    }

    public ApiResponse reverse(ApiRequest request) {
        Requests.requireRole(request, Role.AUDITOR);
        String model = request.queryParameters().get("model");
        String policy = request.queryParameters().get("policy");
        if ((model == null) == (policy == null)) {
            throw ApiException.invalidParameter("/queryStringParameters",
                    "give exactly one of model=<model@version> or policy=<bundle id>");
        }
        String name = model != null ? "model" : "policy";
        String value = model != null ? model : policy;
        if (!REFERENCE.matcher(value).matches()) {
            throw ApiException.invalidParameter("/queryStringParameters/" + name,
                    name + " must be 1 to 200 characters of letters, digits and . _ : @ + / -");
        }
        int limit = Requests.pageLimit(request, DEFAULT_LIMIT, MAX_LIMIT);
        String scope = "GET /v1/lineage|" + name + "|" + value;
        String token = request.queryParameters().get("nextToken");
        LineageTable.JobPage page = lineage.jobsUsing((model != null ? "MODEL#" : "POLICY#") + value, limit,
                token == null ? null : cursors.get().open(token, scope, "nextToken"));
        return ApiResponse.json(200, new dev.tandem.contracts.api.LineageJobs(model, policy, page.jobIds(),
                page.next() == null ? null : cursors.get().issue(scope, page.next())));
    }
}
