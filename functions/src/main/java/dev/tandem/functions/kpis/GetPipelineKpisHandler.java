package dev.tandem.functions.kpis;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/pipelines/{pipeline}/kpis}. */
public class GetPipelineKpisHandler extends ApiFunction {

    @Inject
    PipelineKpisQuery kpis;

    public GetPipelineKpisHandler() {
        super();
    }

    public GetPipelineKpisHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.GET_PIPELINE_KPIS.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return kpis.get(request);
    }
}
