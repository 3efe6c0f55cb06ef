package dev.tandem.functions.pipelines;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/pipelines}. */
public class ListPipelinesHandler extends ApiFunction {

    @Inject
    PipelineCatalog catalog;

    public ListPipelinesHandler() {
        super();
    }

    public ListPipelinesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.LIST_PIPELINES.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return catalog.list(request);
    }
}
