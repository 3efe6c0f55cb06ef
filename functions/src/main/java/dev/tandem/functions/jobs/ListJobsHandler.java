package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/jobs}. */
public class ListJobsHandler extends ApiFunction {

    @Inject
    ListJobs jobs;

    public ListJobsHandler() {
        super();
    }

    public ListJobsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.LIST_JOBS.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return jobs.list(request);
    }
}
