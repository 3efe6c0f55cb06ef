package dev.tandem.contracts.placement;

import java.util.Map;

/**
 * Estimated cost of running a step for 1,000 jobs on one placement, in USD, with its parts
 * (e.g. {@code lambda.requests}, {@code lambda.compute}, {@code fargate.compute}, {@code sqs.requests},
 * {@code stepFunctions.transitions}).
 */
public record CostEstimate(double usdPer1k, Map<String, Double> breakdown) {
    public CostEstimate {
        breakdown = Map.copyOf(breakdown);
    }

    static CostEstimate of(Map<String, Double> parts) {
        return new CostEstimate(parts.values().stream().mapToDouble(Double::doubleValue).sum(), parts);
    }
}
