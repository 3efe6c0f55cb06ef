package dev.tandem.functions.reviews;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of {@code POST /v1/reviews/{reviewId}}. */
public class DecideReviewHandler extends ApiFunction {

    @Inject
    Reviews reviews;

    public DecideReviewHandler() {
        super();
    }

    public DecideReviewHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String route() {
        return TandemFunction.DECIDE_REVIEW.logicalName();
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return reviews.decide(request);
    }
}
