package dev.tandem.agent.observability;

import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.pipeline.Outcome;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The agent's metrics, published the way the functions publish theirs: CloudWatch embedded metric
 * format (EMF) lines on standard output, which the task's log driver sends to CloudWatch Logs, where
 * the metrics are extracted. Same library (Powertools), same namespace ({@link Stages#METRICS_NAMESPACE}),
 * same {@code Pipeline} dimension as the per-job figures; no PutMetricData, no in-process registry.
 *
 * <p>Each figure is its own EMF document ({@link Metrics#flushMetrics}), so concurrent steps never share
 * a metrics context. A failure to write a metric is logged and never fails a governed step.
 */
@Singleton
public class AgentMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(AgentMetrics.class);

    static {
        // EMF's environment detection would pick its CloudWatch-agent sink on ECS; the agent runs without
        // that sidecar, so the lines go to standard output (the awslogs driver carries them to CloudWatch Logs).
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
    }

    /** A policy decision of a governed step: a count by pipeline and outcome. */
    public void decision(String pipeline, Outcome outcome) {
        publish(Stages.AGENT_DECISIONS_METRIC, 1, MetricUnit.COUNT,
                DimensionSet.of(Stages.PIPELINE_DIMENSION, pipeline, Stages.OUTCOME_DIMENSION, outcome.name()));
    }

    /** A job's submission to its governed step's decision (the time to decision a pipeline may promise), by pipeline. */
    public void timeToDecision(String pipeline, Duration d) {
        publish(Stages.JOB_TIME_TO_DECISION_METRIC, millis(d.isNegative() ? Duration.ZERO : d), MetricUnit.MILLISECONDS,
                DimensionSet.of(Stages.PIPELINE_DIMENSION, pipeline));
    }

    /** Cedar evaluation of one governed step. */
    public void evaluation(String pipeline, Duration d) {
        publish(Stages.AGENT_EVALUATION_METRIC, millis(d), MetricUnit.MILLISECONDS, DimensionSet.of(Stages.PIPELINE_DIMENSION, pipeline));
    }

    /** One governed step, message received to decision reported, by pipeline and step. */
    public void step(String pipeline, String step, Duration d) {
        publish(Stages.AGENT_STEP_METRIC, millis(d), MetricUnit.MILLISECONDS,
                DimensionSet.of(Stages.PIPELINE_DIMENSION, pipeline, Stages.STEP_DIMENSION, step));
    }

    /** A message's wait in the governance queue (sent to received); the queue is shared by the pipelines. */
    public void queueLag(Duration d) {
        publish(Stages.AGENT_QUEUE_LAG_METRIC, millis(d.isNegative() ? Duration.ZERO : d), MetricUnit.MILLISECONDS, DimensionSet.of(java.util.Map.of()));
    }

    /** A visibility extension or SendTaskHeartbeat that failed. */
    public void heartbeatFailed() {
        publish(Stages.AGENT_HEARTBEAT_FAILURES_METRIC, 1, MetricUnit.COUNT, DimensionSet.of(java.util.Map.of()));
    }

    /** A task the agent failed (SendTaskFailure), by error name. */
    public void taskFailed(String error) {
        publish(Stages.AGENT_TASKS_FAILED_METRIC, 1, MetricUnit.COUNT, DimensionSet.of(Stages.ERROR_DIMENSION, error));
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static void publish(String name, double value, MetricUnit unit, DimensionSet dimensions) {
        write(m -> {
            m.setNamespace(Stages.METRICS_NAMESPACE);
            m.setDefaultDimensions(dimensions);
            m.addMetric(name, value, unit);
        });
    }

    private static void write(Consumer<Metrics> metric) {
        try {
            MetricsFactory.getMetricsInstance().flushMetrics(metric);
        } catch (RuntimeException e) {
            LOG.warn("could not write a metric: {}", e.toString());
        }
    }
}
