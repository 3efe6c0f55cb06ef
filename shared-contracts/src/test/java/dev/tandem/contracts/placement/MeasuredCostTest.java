package dev.tandem.contracts.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.JobKpis.StepUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A known job's cost, worked out by hand from the bundled us-east-1 prices of 2025-06-01. */
class MeasuredCostTest {

    @Test
    void aKnownJob_costsWhatTheArithmeticByHandSays() {
        Map<String, StepUsage> steps = Map.of(
                "Extract", new StepUsage("FUNCTION", 1, 500, 0.5),          // 500 ms at 1,024 MB
                "AnalyzeChunk", new StepUsage("FUNCTION", 3, 900, 1.8),     // 3 x 300 ms at 2,048 MB
                "Govern", new StepUsage("AGENT", 1, 2000, 0));              // 2 s on the agent, a 1,024 MB step

        MeasuredCost.JobCost cost = MeasuredCost.of(steps, Map.of("Govern", 1024), 10, null, PricingTable.defaults());

        double requests = 4 * 0.20 / 1_000_000;                       // 4 invocations at $0.20 per million
        double compute = 2.3 * 0.0000166667;                           // 2.3 GB-s at $0.0000166667
        double transitions = 10 * 0.025 / 1000;                        // 10 transitions at $0.025 per 1,000
        double vcpu = 1024 / 1769.0;                                   // Lambda's MB per vCPU; above Fargate's 0.25 minimum
        double taskSecond = (vcpu * 0.04048 + 1.0 * 0.004445) / 3600;  // vCPU-hour and GB-hour, per second
        double fargate = 2 * taskSecond / 0.60;                        // 2 s at 60% steady utilization
        double sqs = 1 * 4 * 0.40 / 1_000_000;                         // 4 requests per agent attempt at $0.40 per million
        assertThat(cost.parts()).containsOnlyKeys("lambda.requests", "lambda.compute", "stepFunctions.transitions", "fargate.compute",
                "sqs.requests");
        assertThat(cost.parts().get("lambda.requests")).isCloseTo(requests, within(1e-12));
        assertThat(cost.parts().get("lambda.compute")).isCloseTo(compute, within(1e-12));
        assertThat(cost.parts().get("stepFunctions.transitions")).isCloseTo(transitions, within(1e-12));
        assertThat(cost.parts().get("fargate.compute")).isCloseTo(fargate, within(1e-12));
        assertThat(cost.parts().get("sqs.requests")).isCloseTo(sqs, within(1e-12));
        assertThat(cost.usd()).isCloseTo(requests + compute + transitions + fargate + sqs, within(1e-12))
                .isCloseTo(0.000316547, within(1e-8));
    }

    @Test
    void aHostedModelsTokens_arePricedInAndOut_andAModelWithoutTokensCostsNothingMore() {
        Map<String, StepUsage> steps = Map.of("AnalyzeChunk", new StepUsage("FUNCTION", 3, 900, 1.8));
        JobKpis.Inference hosted = new JobKpis.Inference("anthropic.claude-3-haiku-20240307-v1:0@v1:0", 3, 4_000, 90, Map.of());
        MeasuredCost.JobCost cost = MeasuredCost.of(steps, Map.of(), 10, hosted, PricingTable.defaults());
        // 4,000 tokens in at $0.25 per million, 90 out at $1.25 per million.
        double tokens = 4_000 * 0.25 / 1_000_000 + 90 * 1.25 / 1_000_000;
        assertThat(cost.parts().get("model.tokens")).isCloseTo(tokens, within(1e-15)).isCloseTo(0.0011125, within(1e-12));
        MeasuredCost.JobCost without = MeasuredCost.of(steps, Map.of(), 10, null, PricingTable.defaults());
        assertThat(cost.usd() - without.usd()).isCloseTo(tokens, within(1e-15));

        JobKpis.Inference embedded = new JobKpis.Inference("embedded-lexicon@3", 3, 0, 0, Map.of("EMAIL", 2L));
        assertThat(MeasuredCost.of(steps, Map.of(), 10, embedded, PricingTable.defaults()).parts().get("model.tokens")).isZero();
    }
}
