package dev.tandem.contracts.placement;

import dev.tandem.contracts.api.JobKpis;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cost of one job from what it measurably used, at the placement advisor's prices and with its formulas (so a
 * measured figure and the advisor's estimate differ only by what was measured):
 * <ul>
 *   <li>{@code lambda.requests}: function invocations x the price per request;</li>
 *   <li>{@code lambda.compute}: GB-seconds x the price per GB-second;</li>
 *   <li>{@code stepFunctions.transitions}: states entered x the price per transition;</li>
 *   <li>{@code fargate.compute}: each agent step's seconds x the second of a task sized for its memory, over the
 *       steady utilization the advisor assumes (an agent task also idles between steps);</li>
 *   <li>{@code sqs.requests}: each agent attempt's queue requests (send, receive, visibility, delete);</li>
 *   <li>{@code model.tokens}: the tokens a hosted model reported, in and out, at the table's token prices (only when the
 *       job's pipeline reported its inference).</li>
 * </ul>
 */
public final class MeasuredCost {

    private MeasuredCost() {
    }

    /** The job's cost in USD, by part. */
    public record JobCost(double usd, Map<String, Double> parts) {
        public JobCost {
            parts = Map.copyOf(parts);
        }
    }

    /**
     * @param steps         each step's use ({@link JobKpis.StepUsage})
     * @param agentMemoryMb each agent step's declared memory (its profile), by step name
     * @param transitions   states entered
     * @param inference     what the job's models did (null: nothing reported, no model part)
     */
    public static JobCost of(Map<String, JobKpis.StepUsage> steps, Map<String, Integer> agentMemoryMb, long transitions,
                             JobKpis.Inference inference, PricingTable prices) {
        long requests = 0;
        double gbSeconds = 0;
        double fargate = 0;
        long agentAttempts = 0;
        for (Map.Entry<String, JobKpis.StepUsage> e : steps.entrySet()) {
            JobKpis.StepUsage u = e.getValue();
            if ("AGENT".equals(u.placement())) {
                int memory = agentMemoryMb.getOrDefault(e.getKey(), 1024);
                fargate += u.millis() / 1000.0 * PlacementAdvisor.agentTaskSecondUsd(prices, memory) / prices.agentUtilizationSteady();
                agentAttempts += u.invocations();
            } else {
                requests += u.invocations();
                gbSeconds += u.gbSeconds();
            }
        }
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("lambda.requests", requests * prices.lambdaPerMillionRequests() / 1_000_000);
        parts.put("lambda.compute", gbSeconds * prices.lambdaPerGbSecond());
        parts.put("stepFunctions.transitions", transitions * prices.stepFunctionsPerThousandTransitions() / 1000);
        parts.put("fargate.compute", fargate);
        parts.put("sqs.requests", agentAttempts * prices.sqsRequestsPerAgentStep() * prices.sqsPerMillionRequests() / 1_000_000);
        if (inference != null) {
            parts.put("model.tokens", (inference.inputTokens() * prices.modelPerMillionInputTokens()
                    + inference.outputTokens() * prices.modelPerMillionOutputTokens()) / 1_000_000);
        }
        return new JobCost(parts.values().stream().mapToDouble(Double::doubleValue).sum(), parts);
    }
}
