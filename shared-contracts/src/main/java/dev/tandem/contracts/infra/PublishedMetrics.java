package dev.tandem.contracts.infra;

import java.util.List;
import java.util.Objects;

/**
 * The CloudWatch metrics Tandem's own code publishes, as CloudWatch names them: the dashboard and the
 * alarms may read these (and AWS's own namespaces) and nothing else; tests hold both sides to this list.
 */
public final class PublishedMetrics {

    /** One metric as it arrives in CloudWatch: namespace, name and the names of its dimensions. */
    public record Metric(String namespace, String name, List<String> dimensions) {
        public Metric {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            dimensions = List.copyOf(dimensions);
        }
    }

    /** The functions' review-queue depth (EMF), by stage. */
    public static final Metric REVIEW_BACKLOG = new Metric(Stages.METRICS_NAMESPACE, Stages.REVIEW_BACKLOG_METRIC,
            List.of(Stages.STAGE_DIMENSION));
    /** The agent's decisions counter by outcome, as Micrometer's CloudWatch registry publishes it. */
    public static final Metric AGENT_DECISIONS = new Metric(Stages.AGENT_METRICS_NAMESPACE, Stages.AGENT_DECISIONS_CLOUDWATCH_METRIC,
            List.of("outcome"));

    /** Per ended job (EMF, {@code RecordJobKpis}), by pipeline. */
    public static final Metric JOB_TIME_TO_VALUE = jobMetric(Stages.JOB_TIME_TO_VALUE_METRIC);
    public static final Metric JOB_COST = jobMetric(Stages.JOB_COST_METRIC);
    public static final Metric JOB_TRANSITIONS = jobMetric(Stages.JOB_TRANSITIONS_METRIC);
    public static final Metric JOB_GB_SECONDS = jobMetric(Stages.JOB_GB_SECONDS_METRIC);
    public static final Metric JOB_AGENT_SECONDS = jobMetric(Stages.JOB_AGENT_SECONDS_METRIC);

    /** Per ended job: 1, by pipeline and outcome (the outcome mix). */
    public static final Metric JOB_OUTCOME = new Metric(Stages.METRICS_NAMESPACE, Stages.JOB_OUTCOME_METRIC,
            List.of(Stages.PIPELINE_DIMENSION, Stages.OUTCOME_DIMENSION));

    private static Metric jobMetric(String name) {
        return new Metric(Stages.METRICS_NAMESPACE, name, List.of(Stages.PIPELINE_DIMENSION));
    }

    public static final List<Metric> ALL = List.of(REVIEW_BACKLOG, AGENT_DECISIONS, JOB_TIME_TO_VALUE, JOB_COST, JOB_TRANSITIONS,
            JOB_GB_SECONDS, JOB_AGENT_SECONDS, JOB_OUTCOME);

    private PublishedMetrics() {
    }
}
