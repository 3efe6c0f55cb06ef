package dev.tandem.functions.reviews;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code GET /v1/reviews}. */
public class ListReviewsHandler extends ApiFunction {

    @Inject
    Reviews reviews;

    public ListReviewsHandler() {
        super();
    }

    public ListReviewsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.LIST_REVIEWS.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return reviews.list(request);
    }
}
