package dev.tandem.contracts.blueprint;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Step Functions retrier: which errors to retry, how often and how far apart.
 *
 * @param errors      error names, e.g. {@code Lambda.TooManyRequestsException}, {@code States.Timeout}
 * @param interval    wait before the first retry
 * @param maxAttempts retries after the first try (0 disables)
 * @param backoffRate multiplier applied to the interval after each retry (>= 1)
 * @param maxDelay    upper bound of a single wait
 * @param jitter      full jitter on each wait, so that retries of a burst do not synchronize
 */
public record RetryPolicy(List<String> errors, Duration interval, int maxAttempts, double backoffRate,
                          Duration maxDelay, boolean jitter) {

    public static final RetryPolicy NONE = new RetryPolicy(List.of(), Duration.ofSeconds(1), 0, 1.0, Duration.ofSeconds(1), false);

    /**
     * Transient Lambda service errors, which AWS recommends always retrying:
     * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
     */
    public static final List<String> LAMBDA_TRANSIENT = List.of(
            "Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    public RetryPolicy {
        errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0");
        }
        if (maxAttempts > 0 && errors.isEmpty()) {
            throw new IllegalArgumentException("a retry policy with attempts must name the errors it retries");
        }
        if (backoffRate < 1.0) {
            throw new IllegalArgumentException("backoffRate must be >= 1.0, was " + backoffRate);
        }
        if (interval.isNegative() || interval.isZero() || maxDelay.compareTo(interval) < 0) {
            throw new IllegalArgumentException("need 0 < interval <= maxDelay");
        }
    }

    /** Exponential backoff with full jitter on the given errors. */
    public static RetryPolicy exponential(List<String> errors, Duration interval, int maxAttempts, Duration maxDelay) {
        return new RetryPolicy(errors, interval, maxAttempts, 2.0, maxDelay, true);
    }
}
