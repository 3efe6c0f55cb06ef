package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code POST /v1/jobs}. */
public class SubmitJobHandler extends ApiFunction {

    @Inject
    SubmitJob submitJob;

    public SubmitJobHandler() {
        super();
    }

    public SubmitJobHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.SUBMIT_JOB.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return submitJob.submit(request);
    }
}
