package dev.tandem.functions.lineage;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/lineage}. */
public class FindLineageHandler extends ApiFunction {

    @Inject
    Lineage lineage;

    public FindLineageHandler() {
        super();
    }

    public FindLineageHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.FIND_LINEAGE.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return lineage.reverse(request);
    }
}
