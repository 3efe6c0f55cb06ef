package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/jobs/{jobId}}. */
public class GetJobHandler extends ApiFunction {

    @Inject
    GetJob getJob;

    public GetJobHandler() {
        super();
    }

    public GetJobHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.GET_JOB.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return getJob.get(request);
    }
}
