package dev.tandem.contracts.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.contracts.blueprint.GovernanceLevel;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.StepProfile;
import dev.tandem.contracts.blueprint.TrafficPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlacementAdvisorTest {

    private static final PlacementAdvisor ADVISOR = new PlacementAdvisor(PricingTable.defaults());

    /** 1 s at 1,024 MB, one invocation per job, SLO 5 s. */
    private static StepProfile.Builder oneSecond() {
        return StepProfile.builder().p99(Duration.ofSeconds(1)).memoryMb(1024).slo(Duration.ofSeconds(5));
    }

    @Test
    void defaults_areThePublishedUsEast1Prices() {
        PricingTable p = PricingTable.defaults();

        assertThat(p.region()).isEqualTo("us-east-1");
        assertThat(p.asOf()).isEqualTo(LocalDate.of(2025, 6, 1));
        assertThat(p.lambdaPerMillionRequests()).isEqualTo(0.20);
        assertThat(p.lambdaPerGbSecond()).isEqualTo(0.0000166667);
        assertThat(p.stepFunctionsPerThousandTransitions()).isEqualTo(0.025);
        assertThat(p.fargatePerVcpuHour()).isEqualTo(0.04048);
        assertThat(p.fargatePerGbHour()).isEqualTo(0.004445);
        assertThat(p.sqsPerMillionRequests()).isEqualTo(0.40);
    }

    @Test
    void stateful_isAlwaysAgent() {
        Advice a = ADVISOR.advise(oneSecond().stateful(true).build(), true);

        assertThat(a.placement()).isEqualTo(Placement.AGENT);
        assertThat(a.reasons()).singleElement().asString().startsWith("stateful");
    }

    @Test
    void governanceCritical_isAlwaysAgent() {
        Advice a = ADVISOR.advise(oneSecond().governance(GovernanceLevel.CRITICAL).traffic(TrafficPattern.BURSTY).build(), true);

        assertThat(a.placement()).isEqualTo(Placement.AGENT);
        assertThat(a.reasons()).singleElement().asString().startsWith("governance CRITICAL");
    }

    @Test
    void longerThanLambdaLimit_isAgent() {
        Advice a = ADVISOR.advise(oneSecond().p99(Duration.ofMinutes(16)).slo(Duration.ofHours(1)).build(), true);

        assertThat(a.placement()).isEqualTo(Placement.AGENT);
        assertThat(a.reasons()).singleElement().asString().contains("exceeds Lambda's 900 s limit");
    }

    @Test
    void moreMemoryThanLambdaOffers_isAgent() {
        assertThat(ADVISOR.advise(oneSecond().memoryMb(16_384).build(), true).placement()).isEqualTo(Placement.AGENT);
    }

    @Test
    void everyHardRuleThatApplies_isGivenAsAReason() {
        Advice a = ADVISOR.advise(oneSecond().stateful(true).governance(GovernanceLevel.CRITICAL)
                .p99(Duration.ofMinutes(20)).slo(Duration.ofHours(1)).build(), true);

        assertThat(a.reasons()).hasSize(3);
    }

    @Test
    void functionCost_isRequestsPlusGbSecondsPlusTransitions() {
        CostEstimate c = ADVISOR.functionCost(oneSecond().build(), true);

        assertThat(c.breakdown().get("lambda.requests")).isCloseTo(1000 * 0.20 / 1e6, within(1e-12));
        assertThat(c.breakdown().get("lambda.compute")).isCloseTo(1000 * 1.0 * 1.0 * 0.0000166667, within(1e-12));
        assertThat(c.breakdown().get("stepFunctions.transitions")).isCloseTo(1000 * 0.025 / 1000, within(1e-12));
        assertThat(c.usdPer1k()).isCloseTo(0.0002 + 0.0166667 + 0.025, within(1e-9));
    }

    @Test
    void agentCost_isTaskShareAtUtilizationPlusSqsPlusTransitions() {
        CostEstimate c = ADVISOR.agentCost(oneSecond().traffic(TrafficPattern.STEADY).build(), true);

        double vcpu = 1024 / 1769.0;
        double perSecond = (vcpu * 0.04048 + 1.0 * 0.004445) / 3600;
        assertThat(c.breakdown().get("fargate.compute")).isCloseTo(1000 * perSecond / 0.60, within(1e-12));
        assertThat(c.breakdown().get("sqs.requests")).isCloseTo(1000 * 4 * 0.40 / 1e6, within(1e-12));
        assertThat(c.usdPer1k()).isCloseTo(1000 * perSecond / 0.60 + 0.0016 + 0.025, within(1e-9));
    }

    @Test
    void agentCost_appliesFargateMinimumsAndMapFanOut() {
        CostEstimate c = ADVISOR.agentCost(oneSecond().memoryMb(128).invocationsPerJob(4).build(), false);

        double perSecond = (0.25 * 0.04048 + 0.5 * 0.004445) / 3600;
        assertThat(c.breakdown().get("fargate.compute")).isCloseTo(4000 * perSecond / 0.60, within(1e-12));
        assertThat(c.breakdown()).doesNotContainKey("stepFunctions.transitions");
    }

    @Test
    void entryStep_paysNoStateTransition() {
        assertThat(ADVISOR.functionCost(oneSecond().build(), false).breakdown()).doesNotContainKey("stepFunctions.transitions");
    }

    @Test
    void steadyTrafficWhereBothMeetTheSlo_choosesTheCheaper_hereTheAgent() {
        Advice a = ADVISOR.advise(oneSecond().traffic(TrafficPattern.STEADY).build(), true);

        assertThat(a.agent().usdPer1k()).isLessThan(a.function().usdPer1k());
        assertThat(a.placement()).isEqualTo(Placement.AGENT);
        assertThat(a.reasons().get(1)).startsWith("both meet the SLO; agent is cheaper");
    }

    @Test
    void burstyTrafficWithoutWarmPool_countsColdStartAndScaleOut() {
        Advice a = ADVISOR.advise(oneSecond().traffic(TrafficPattern.BURSTY).build(), true);

        assertThat(a.functionLatency()).isEqualTo(Duration.ofMillis(1800));
        assertThat(a.agentLatency()).isEqualTo(Duration.ofMillis(1000 + 150 + 60_000));
        assertThat(a.placement()).isEqualTo(Placement.FUNCTION);
        assertThat(a.reasons().get(1)).isEqualTo("only the function meets the SLO");
    }

    @Test
    void coldStartThatBreaksTheSlo_movesTheStepUnlessAWarmPoolAbsorbsIt() {
        StepProfile tight = oneSecond().p99(Duration.ofMillis(500)).slo(Duration.ofSeconds(1)).traffic(TrafficPattern.BURSTY).build();
        assertThat(ADVISOR.advise(tight, true).reasons().getFirst()).contains("function p99 1.30 s (bursty: +800 ms cold start) misses");

        StepProfile warm = oneSecond().p99(Duration.ofMillis(500)).slo(Duration.ofSeconds(1)).traffic(TrafficPattern.BURSTY).warmPool(true).build();
        Advice a = ADVISOR.advise(warm, true);
        assertThat(a.functionLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(a.placement()).isEqualTo(Placement.FUNCTION);
    }

    @Test
    void neitherMeetingTheSlo_picksTheCloserAndSaysSo() {
        Advice a = ADVISOR.advise(oneSecond().slo(Duration.ofMillis(100)).build(), true);

        assertThat(a.placement()).isEqualTo(Placement.FUNCTION);
        assertThat(a.reasons().get(1)).contains("neither meets the SLO");
    }

    @Test
    void pricingOverrides_changeTheAdvice(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.properties");
        Files.writeString(file, "lambda.perGbSecond=0.01\nasOf=2026-01-01\n");
        PricingTable prices = PricingTable.withOverrides(file);

        assertThat(prices.lambdaPerGbSecond()).isEqualTo(0.01);
        assertThat(prices.asOf()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(prices.fargatePerVcpuHour()).isEqualTo(0.04048);
        StepProfile p = oneSecond().traffic(TrafficPattern.BURSTY).warmPool(true).build();
        assertThat(ADVISOR.advise(p, true).placement()).isEqualTo(Placement.FUNCTION);
        assertThat(new PlacementAdvisor(prices).advise(p, true).placement()).isEqualTo(Placement.AGENT);
    }

    @Test
    void pricingOverrides_withUnknownOrBadKeys_areRejected(@TempDir Path dir) throws IOException {
        Path unknown = dir.resolve("unknown.properties");
        Files.writeString(unknown, "lambda.perGBsecond=0.01\n");
        assertThatThrownBy(() -> PricingTable.withOverrides(unknown)).hasMessageContaining("unknown pricing keys")
                .hasMessageContaining("lambda.perGBsecond");

        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "sqs.perMillionRequests=cheap\n");
        assertThatThrownBy(() -> PricingTable.withOverrides(bad)).hasMessageContaining("sqs.perMillionRequests must be a non-negative number");
    }
}
