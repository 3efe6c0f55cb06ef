package dev.tandem.functions.audit;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/jobs/{jobId}/audit}. */
public class GetJobAuditHandler extends ApiFunction {

    @Inject
    GetJobAudit getJobAudit;

    public GetJobAuditHandler() {
        super();
    }

    public GetJobAuditHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.GET_JOB_AUDIT.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return getJobAudit.get(request);
    }
}
