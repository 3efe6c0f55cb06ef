package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code POST /v1/jobs/{jobId}/redrive}. */
public class RedriveJobHandler extends ApiFunction {

    @Inject
    RedriveJob jobs;

    public RedriveJobHandler() {
        super();
    }

    public RedriveJobHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.REDRIVE_JOB.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return jobs.redrive(request);
    }
}
