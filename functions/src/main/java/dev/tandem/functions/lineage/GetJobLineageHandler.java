package dev.tandem.functions.lineage;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/jobs/{jobId}/lineage}. */
public class GetJobLineageHandler extends ApiFunction {

    @Inject
    Lineage lineage;

    public GetJobLineageHandler() {
        super();
    }

    public GetJobLineageHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.GET_JOB_LINEAGE.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return lineage.graph(request);
    }
}
