package dev.tandem.cdk.functions;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.infra.TandemFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every function Tandem deploys, sized for deployment. Identity, handler, artifact and grants come from
 * {@link TandemFunction}; the pipeline steps' memory and timeout from the blueprint (the step's profile and
 * timeout, a p99 budget twice the profiled p99), the API functions' from here.
 */
public final class FunctionCatalog {

    private FunctionCatalog() {
    }

    /** The API's read and review functions (SubmitJob, the pipeline's entry, comes from the blueprint). */
    public static List<FunctionSpec> api() {
        List<FunctionSpec> specs = new ArrayList<>();
        for (TandemFunction f : TandemFunction.values()) {
            if (f.artifact() == TandemFunction.Artifact.API && f != TandemFunction.SUBMIT_JOB) {
                boolean health = f == TandemFunction.HEALTH;
                specs.add(new FunctionSpec(f, health ? 512 : 1024, Duration.ofSeconds(health ? 5 : 10), Duration.ofSeconds(1)));
            }
        }
        return specs;
    }

    /** The blueprint's function steps, the entry (SubmitJob) included. */
    public static List<FunctionSpec> pipeline(Blueprint blueprint) {
        List<FunctionSpec> specs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        steps.add(blueprint.entry());
        steps.addAll(blueprint.steps());
        steps.add(blueprint.errorHandler());
        for (Step step : steps) {
            if (step.placement() != Placement.FUNCTION) {
                continue;
            }
            TandemFunction function;
            try {
                function = TandemFunction.named(step.handler());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("blueprint step " + step.name() + " names handler " + step.handler()
                        + ", which no function implements: " + e.getMessage(), e);
            }
            // A waitForTaskToken step's timeout is the wait, not the function's run time.
            Duration timeout = step.timeout().compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofSeconds(30) : step.timeout();
            specs.add(new FunctionSpec(function, step.profile().memoryMb(), timeout, step.profile().expectedP99().multipliedBy(2)));
        }
        return specs;
    }
}
