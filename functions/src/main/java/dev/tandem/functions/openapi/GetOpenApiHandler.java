package dev.tandem.functions.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.api.OpenApi;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Contracts;
import io.micronaut.context.ApplicationContext;

/**
 * Lambda handler of {@code GET /v1/openapi.json}: the API's OpenAPI 3.1 document for the pipelines this deployment
 * carries, public like health (it describes the API, never data). Built once per execution environment, from the same
 * routes, schemas and records the other handlers use.
 */
public class GetOpenApiHandler extends ApiFunction {

    private static volatile ObjectNode document;

    public GetOpenApiHandler() {
        super();
    }

    public GetOpenApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.GET_OPENAPI.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        ObjectNode d = document;
        if (d == null) {
            d = OpenApi.document(Contracts.validator());
            document = d;
        }
        return ApiResponse.json(200, d);
    }
}
