package dev.tandem.contracts.placement;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.GovernanceLevel;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepKind;
import dev.tandem.contracts.blueprint.StepProfile;
import dev.tandem.contracts.blueprint.TrafficPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, for a step profile, whether the step belongs on a function or on the agent, and estimates
 * what 1,000 jobs cost on each.
 *
 * <p>Hard rules first, each sufficient on its own for AGENT: the step is stateful; its governance
 * level is CRITICAL; its p99 exceeds Lambda's 900 s limit; it needs more memory than Lambda offers.
 * Otherwise the cheaper placement that meets the latency SLO wins, with cold starts (Lambda) and
 * scale-out (Fargate) counted against BURSTY traffic unless a warm pool absorbs them.
 *
 * <p>Cost model, per invocation: Lambda bills requests plus GB-seconds of the p99 duration (an upper
 * bound). The agent bills the share of a Fargate task sized like the function (Lambda's vCPU share of
 * memory, 1 vCPU per 1,769 MB, Fargate minimums applied) for the same duration, divided by the
 * utilization the traffic pattern allows, plus the SQS requests of the task-token round trip. Workflow
 * steps add one Step Functions state transition per invocation on either placement.
 */
public final class PlacementAdvisor {

    /** https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
    static final Duration LAMBDA_MAX_DURATION = Duration.ofSeconds(900);
    static final int LAMBDA_MAX_MEMORY_MB = 10_240;
    /** Lambda allocates CPU in proportion to memory: one full vCPU at 1,769 MB. */
    static final double LAMBDA_MB_PER_VCPU = 1769;
    static final double FARGATE_MIN_VCPU = 0.25;
    static final double FARGATE_MIN_GB = 0.5;

    private final PricingTable prices;

    public PlacementAdvisor(PricingTable prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    public PricingTable prices() {
        return prices;
    }

    /**
     * @param workflowStep true when the step is a state of the workflow (costs a state transition);
     *                     false for the entry step, which the API runs before the workflow starts
     */
    public Advice advise(StepProfile p, boolean workflowStep) {
        CostEstimate fnCost = functionCost(p, workflowStep);
        CostEstimate agentCost = agentCost(p, workflowStep);
        Duration fnLatency = functionLatency(p);
        Duration agentLatency = agentLatency(p);

        List<String> hard = new ArrayList<>();
        if (p.stateful()) {
            hard.add("stateful: keeps state across deliveries, which a function environment does not keep");
        }
        if (p.governance() == GovernanceLevel.CRITICAL) {
            hard.add("governance CRITICAL: policy decisions run where state is durable and every action is audited");
        }
        if (p.expectedP99().compareTo(LAMBDA_MAX_DURATION) > 0) {
            hard.add("p99 " + seconds(p.expectedP99()) + " exceeds Lambda's 900 s limit");
        }
        if (p.memoryMb() > LAMBDA_MAX_MEMORY_MB) {
            hard.add("needs " + p.memoryMb() + " MB, more than Lambda's " + LAMBDA_MAX_MEMORY_MB + " MB");
        }
        if (!hard.isEmpty()) {
            return new Advice(Placement.AGENT, hard, fnCost, agentCost, fnLatency, agentLatency);
        }

        boolean fnMeets = fnLatency.compareTo(p.latencySlo()) <= 0;
        boolean agentMeets = agentLatency.compareTo(p.latencySlo()) <= 0;
        List<String> reasons = new ArrayList<>();
        reasons.add("function p99 " + seconds(fnLatency) + latencyNote(p, true) + (fnMeets ? " meets" : " misses")
                + " the " + seconds(p.latencySlo()) + " SLO; agent p99 " + seconds(agentLatency) + latencyNote(p, false)
                + (agentMeets ? " meets it" : " misses it"));
        Placement choice;
        if (fnMeets && agentMeets) {
            choice = fnCost.usdPer1k() <= agentCost.usdPer1k() ? Placement.FUNCTION : Placement.AGENT;
            reasons.add("both meet the SLO; " + choice.name().toLowerCase(Locale.ROOT) + " is cheaper ("
                    + usd(Math.min(fnCost.usdPer1k(), agentCost.usdPer1k())) + " vs "
                    + usd(Math.max(fnCost.usdPer1k(), agentCost.usdPer1k())) + " per 1k jobs)");
        } else if (fnMeets || agentMeets) {
            choice = fnMeets ? Placement.FUNCTION : Placement.AGENT;
            reasons.add("only the " + choice.name().toLowerCase(Locale.ROOT) + " meets the SLO");
        } else {
            choice = fnLatency.compareTo(agentLatency) <= 0 ? Placement.FUNCTION : Placement.AGENT;
            reasons.add("neither meets the SLO; the " + choice.name().toLowerCase(Locale.ROOT)
                    + " comes closest: revisit the SLO or the step");
        }
        return new Advice(choice, reasons, fnCost, agentCost, fnLatency, agentLatency);
    }

    /** Advice for every placeable step of a blueprint, in declaration order (CHOICE steps skipped). */
    public Map<Step, Advice> review(Blueprint blueprint) {
        Map<Step, Advice> out = new LinkedHashMap<>();
        blueprint.all().filter(s -> s.kind() != StepKind.CHOICE)
                .forEach(s -> out.put(s, advise(s.profile(), s != blueprint.entry())));
        return out;
    }

    /** Steps whose declared placement differs from the advice. Empty means the blueprint is consistent. */
    public List<Contradiction> contradictions(Blueprint blueprint) {
        List<Contradiction> out = new ArrayList<>();
        review(blueprint).forEach((step, advice) -> {
            if (step.placement() != advice.placement()) {
                out.add(new Contradiction(step.name(), step.placement(), advice.placement(), advice.reasons()));
            }
        });
        return out;
    }

    /** A declared placement the advisor disagrees with. */
    public record Contradiction(String step, Placement declared, Placement advised, List<String> reasons) {
        @Override
        public String toString() {
            return "step " + step + " is declared " + declared + " but the advisor says " + advised + ": "
                    + String.join("; ", reasons);
        }
    }

    Duration functionLatency(StepProfile p) {
        return coldPath(p) ? p.expectedP99().plusMillis(prices.lambdaColdStartMs()) : p.expectedP99();
    }

    Duration agentLatency(StepProfile p) {
        Duration base = p.expectedP99().plusMillis(prices.agentDispatchMs());
        return coldPath(p) ? base.plusMillis(prices.agentScaleOutMs()) : base;
    }

    private static boolean coldPath(StepProfile p) {
        return p.traffic() == TrafficPattern.BURSTY && !p.warmPool();
    }

    CostEstimate functionCost(StepProfile p, boolean workflowStep) {
        double invocations = p.invocationsPerJob() * 1000;
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("lambda.requests", invocations * prices.lambdaPerMillionRequests() / 1_000_000);
        parts.put("lambda.compute", invocations * secondsOf(p.expectedP99()) * (p.memoryMb() / 1024.0) * prices.lambdaPerGbSecond());
        if (workflowStep) {
            parts.put("stepFunctions.transitions", invocations * prices.stepFunctionsPerThousandTransitions() / 1000);
        }
        return CostEstimate.of(parts);
    }

    CostEstimate agentCost(StepProfile p, boolean workflowStep) {
        double invocations = p.invocationsPerJob() * 1000;
        double perTaskSecond = agentTaskSecondUsd(prices, p.memoryMb());
        double utilization = p.traffic() == TrafficPattern.STEADY ? prices.agentUtilizationSteady() : prices.agentUtilizationBursty();
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("fargate.compute", invocations * secondsOf(p.expectedP99()) * perTaskSecond / utilization);
        parts.put("sqs.requests", invocations * prices.sqsRequestsPerAgentStep() * prices.sqsPerMillionRequests() / 1_000_000);
        if (workflowStep) {
            parts.put("stepFunctions.transitions", invocations * prices.stepFunctionsPerThousandTransitions() / 1000);
        }
        return CostEstimate.of(parts);
    }

    /**
     * What a second of an agent task sized for a step of this memory costs: the Fargate vCPU (Lambda's ratio, at least
     * 0.25) and memory (at least 0.5 GB) it needs, at these prices.
     */
    static double agentTaskSecondUsd(PricingTable prices, int memoryMb) {
        double vcpu = Math.max(FARGATE_MIN_VCPU, memoryMb / LAMBDA_MB_PER_VCPU);
        double gb = Math.max(FARGATE_MIN_GB, memoryMb / 1024.0);
        return (vcpu * prices.fargatePerVcpuHour() + gb * prices.fargatePerGbHour()) / 3600;
    }

    private String latencyNote(StepProfile p, boolean function) {
        if (p.traffic() != TrafficPattern.BURSTY) {
            return "";
        }
        if (p.warmPool()) {
            return " (bursty, warm pool: no cold starts)";
        }
        return function ? " (bursty: +" + prices.lambdaColdStartMs() + " ms cold start)"
                : " (bursty: +" + prices.agentScaleOutMs() / 1000 + " s task scale-out)";
    }

    private static double secondsOf(Duration d) {
        return d.toNanos() / 1e9;
    }

    static String seconds(Duration d) {
        double s = secondsOf(d);
        return s >= 10 ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.2f s", s);
    }

    static String usd(double v) {
        return String.format(Locale.ROOT, "$%.4f", v);
    }
}
