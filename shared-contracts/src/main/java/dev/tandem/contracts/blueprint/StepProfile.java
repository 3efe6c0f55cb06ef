package dev.tandem.contracts.blueprint;

import java.time.Duration;
import java.util.Objects;

/**
 * What a step needs, as the placement advisor sees it.
 *
 * @param expectedP99       p99 duration of one invocation's own work
 * @param stateful          whether the step keeps state across deliveries (cases, sessions, locks)
 * @param governance        how much the outcome matters to governance
 * @param latencySlo        the latency the step must meet at p99, cold starts included
 * @param traffic           how requests arrive
 * @param payloadKiB        typical payload the step reads or writes
 * @param memoryMb          memory one invocation needs
 * @param invocationsPerJob average invocations per job (Map steps: items per job)
 * @param warmPool          capacity is kept warm (provisioned concurrency, minimum tasks), so bursts
 *                          do not meet cold starts
 */
public record StepProfile(
        Duration expectedP99,
        boolean stateful,
        GovernanceLevel governance,
        Duration latencySlo,
        TrafficPattern traffic,
        int payloadKiB,
        int memoryMb,
        double invocationsPerJob,
        boolean warmPool) {

    public StepProfile {
        Objects.requireNonNull(expectedP99, "expectedP99");
        Objects.requireNonNull(governance, "governance");
        Objects.requireNonNull(latencySlo, "latencySlo");
        Objects.requireNonNull(traffic, "traffic");
        if (expectedP99.isNegative() || expectedP99.isZero()) {
            throw new IllegalArgumentException("expectedP99 must be positive");
        }
        if (payloadKiB < 0 || memoryMb < 128 || invocationsPerJob <= 0) {
            throw new IllegalArgumentException("need payloadKiB >= 0, memoryMb >= 128 and invocationsPerJob > 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: stateless, LOW governance, STEADY traffic, 4 KiB, 512 MB, one invocation, no warm pool. */
    public static final class Builder {
        private Duration expectedP99 = Duration.ofSeconds(1);
        private boolean stateful;
        private GovernanceLevel governance = GovernanceLevel.LOW;
        private Duration latencySlo = Duration.ofSeconds(5);
        private TrafficPattern traffic = TrafficPattern.STEADY;
        private int payloadKiB = 4;
        private int memoryMb = 512;
        private double invocationsPerJob = 1;
        private boolean warmPool;

        public Builder p99(Duration value) { this.expectedP99 = value; return this; }
        public Builder stateful(boolean value) { this.stateful = value; return this; }
        public Builder governance(GovernanceLevel value) { this.governance = value; return this; }
        public Builder slo(Duration value) { this.latencySlo = value; return this; }
        public Builder traffic(TrafficPattern value) { this.traffic = value; return this; }
        public Builder payloadKiB(int value) { this.payloadKiB = value; return this; }
        public Builder memoryMb(int value) { this.memoryMb = value; return this; }
        public Builder invocationsPerJob(double value) { this.invocationsPerJob = value; return this; }
        public Builder warmPool(boolean value) { this.warmPool = value; return this; }

        public StepProfile build() {
            return new StepProfile(expectedP99, stateful, governance, latencySlo, traffic, payloadKiB, memoryMb,
                    invocationsPerJob, warmPool);
        }
    }
}
