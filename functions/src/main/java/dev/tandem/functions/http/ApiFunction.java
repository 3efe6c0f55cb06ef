package dev.tandem.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.executor.FunctionInitializer;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of every API Lambda handler: Micronaut Function starts the application context once per
 * execution environment and injects the handler's dependencies; each invocation goes through
 * {@link ApiBoundary}. Subclasses implement {@link #handle} with plain types.
 */
public abstract class ApiFunction extends FunctionInitializer
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    static {
        Contracts.preload();
    }

    /** Used by the Lambda runtime: builds the context from the environment. */
    protected ApiFunction() {
        super();
        Contracts.awaitReady();
    }

    /** Used by tests and the local stack: runs against a context they built (and will close). */
    protected ApiFunction(ApplicationContext context) {
        super(context);
        Contracts.awaitReady();
    }

    /** The function's name, e.g. {@code SubmitJob}: the metrics dimension and the log's route. */
    protected abstract String route();

    protected abstract ApiResponse handle(ApiRequest request);

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        if (context == null) {
            return ApiBoundary.handle(route(), event, this::handle);
        }
        return PowertoolsLogging.withLogging(context, () -> ApiBoundary.handle(route(), event, this::handle));
    }
}
