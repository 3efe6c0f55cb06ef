package dev.tandem.agent.observability;

import dev.tandem.contracts.pipeline.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's meters (served at {@code /metrics}, exported to CloudWatch in AWS): decisions by
 * outcome, policy evaluation latency, end-to-end step latency, queue lag (from the message's
 * SentTimestamp), heartbeat failures, failed tasks by error name, and steps in flight.
 */
@Singleton
public class AgentMetrics {

    private final MeterRegistry registry;
    private final Timer evaluation;
    private final Timer step;
    private final Timer queueLag;
    private final Counter heartbeatFailures;
    private final AtomicInteger inFlight = new AtomicInteger();

    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.evaluation = Timer.builder("tandem.agent.evaluation").description("Cedar policy evaluation")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.step = Timer.builder("tandem.agent.step").description("governed step, message received to decision reported")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.queueLag = Timer.builder("tandem.agent.queue.lag").description("message sent to message received")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.heartbeatFailures = Counter.builder("tandem.agent.heartbeat.failures")
                .description("visibility extensions or SendTaskHeartbeat calls that failed").register(registry);
        registry.gauge("tandem.agent.inflight", inFlight);
    }

    public void decision(Outcome outcome) {
        registry.counter(dev.tandem.contracts.infra.Stages.AGENT_DECISIONS_METER, "outcome", outcome.name()).increment();
    }

    public void evaluation(Duration d) {
        evaluation.record(d);
    }

    public void step(Duration d) {
        step.record(d);
    }

    public void queueLag(Duration d) {
        queueLag.record(d.isNegative() ? Duration.ZERO : d);
    }

    public void heartbeatFailed() {
        heartbeatFailures.increment();
    }

    public void taskFailed(String error) {
        registry.counter("tandem.agent.tasks.failed", "error", error).increment();
    }

    public AtomicInteger inFlight() {
        return inFlight;
    }
}
