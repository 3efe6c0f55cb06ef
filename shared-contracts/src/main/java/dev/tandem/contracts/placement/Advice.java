package dev.tandem.contracts.placement;

import dev.tandem.contracts.blueprint.Placement;
import java.time.Duration;
import java.util.List;

/**
 * The advisor's answer for one step profile.
 *
 * @param placement       FUNCTION or AGENT
 * @param reasons         why, in words an operator can check against the profile
 * @param function        cost per 1,000 jobs as a function
 * @param agent           cost per 1,000 jobs on the agent
 * @param functionLatency p99 the step would see as a function, cold starts counted
 * @param agentLatency    p99 the step would see on the agent, dispatch and scale-out counted
 */
public record Advice(Placement placement, List<String> reasons, CostEstimate function, CostEstimate agent,
                     Duration functionLatency, Duration agentLatency) {
    public Advice {
        reasons = List.copyOf(reasons);
    }
}
