package dev.tandem.cdk.functions;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every function Tandem deploys, sized for deployment. The platform's API functions come from
 * {@link TandemFunction}, sized here; a pipeline's functions from its {@code FunctionStep}s, sized by the
 * blueprint steps that invoke them (the step's profile and timeout, a p99 budget twice the profiled p99).
 */
public final class FunctionCatalog {

    private FunctionCatalog() {
    }

    /** The public API's functions, SubmitJob (every pipeline's entry) included. */
    public static List<FunctionSpec> api() {
        List<FunctionSpec> specs = new ArrayList<>();
        for (TandemFunction f : TandemFunction.values()) {
            if (f == TandemFunction.SUBMIT_JOB) {
                // The entry of every pipeline: sized for a 1 MiB document, a p99 budget twice the profiled 300 ms.
                specs.add(FunctionSpec.of(f, 1024, Duration.ofSeconds(10), Duration.ofMillis(600)));
            } else if (f == TandemFunction.WRITE_AUDIT_DIGEST) {
                // Drains up to 500 ended jobs, reads their heads, signs once and writes twice; well inside a minute.
                specs.add(FunctionSpec.of(f, 1024, Duration.ofSeconds(60), Duration.ofSeconds(20)));
            } else {
                boolean health = f == TandemFunction.HEALTH;
                specs.add(FunctionSpec.of(f, health ? 512 : 1024, Duration.ofSeconds(health ? 5 : 10), Duration.ofSeconds(1)));
            }
        }
        return specs;
    }

    /** The pipeline's function steps, each sized by the first blueprint step that invokes it. */
    public static List<FunctionSpec> pipeline(PipelineDefinition pipeline) {
        Blueprint blueprint = pipeline.blueprint();
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        for (Step step : blueprint.functionSteps()) {
            if (specs.containsKey(step.handler())) {
                continue;
            }
            // A waitForTaskToken step's timeout is the wait, not the function's run time.
            Duration timeout = step.timeout().compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofSeconds(30) : step.timeout();
            specs.put(step.handler(), FunctionSpec.of(pipeline.function(step.handler()), step.profile().memoryMb(), timeout,
                    step.profile().expectedP99().multipliedBy(2)));
        }
        return List.copyOf(specs.values());
    }
}
