package dev.tandem.functions.pipelines;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/pipelines/{pipeline}}. */
public class GetPipelineHandler extends ApiFunction {

    @Inject
    PipelineCatalog catalog;

    public GetPipelineHandler() {
        super();
    }

    public GetPipelineHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.GET_PIPELINE.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return catalog.get(request);
    }
}
