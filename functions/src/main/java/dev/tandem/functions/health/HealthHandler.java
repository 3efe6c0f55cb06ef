package dev.tandem.functions.health;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;

/**
 * Lambda handler of {@code GET /v1/health}: liveness of the API, no authentication, no AWS calls
 * (a health check must not fail, or cost, because a dependency is slow).
 */
public class HealthHandler extends ApiFunction {

    public HealthHandler() {
        super();
    }

    public HealthHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.HEALTH.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return ApiResponse.json(200, dev.tandem.contracts.api.Health.UP);
    }
}
