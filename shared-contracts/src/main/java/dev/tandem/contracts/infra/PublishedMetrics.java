package dev.tandem.contracts.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

        /** The metric's dimensions with these values, one per dimension, in the order the code publishes them. */
        public Map<String, String> dimensionValues(String... values) {
            if (values.length != dimensions.size()) {
                throw new IllegalArgumentException(name + " has the dimensions " + dimensions + ", not " + values.length + " values");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                out.put(dimensions.get(i), values[i]);
            }
            return out;
        }
    }

    /** The functions' review-queue depth (EMF), by stage. */
    public static final Metric REVIEW_BACKLOG = new Metric(Stages.METRICS_NAMESPACE, Stages.REVIEW_BACKLOG_METRIC,
            List.of(Stages.STAGE_DIMENSION));
    /** The agent's (EMF, like the functions'): decisions by pipeline and outcome; step latency by pipeline and step; evaluation by pipeline. */
    public static final Metric AGENT_DECISIONS = new Metric(Stages.METRICS_NAMESPACE, Stages.AGENT_DECISIONS_METRIC,
            List.of(Stages.PIPELINE_DIMENSION, Stages.OUTCOME_DIMENSION));
    public static final Metric AGENT_STEP = new Metric(Stages.METRICS_NAMESPACE, Stages.AGENT_STEP_METRIC,
            List.of(Stages.PIPELINE_DIMENSION, Stages.STEP_DIMENSION));
    public static final Metric AGENT_EVALUATION = jobMetric(Stages.AGENT_EVALUATION_METRIC);
    public static final Metric JOB_TIME_TO_DECISION = jobMetric(Stages.JOB_TIME_TO_DECISION_METRIC);
    /** The agent's, without dimensions: the governance queue's lag and heartbeat failures; failed tasks by error. */
    public static final Metric AGENT_QUEUE_LAG = new Metric(Stages.METRICS_NAMESPACE, Stages.AGENT_QUEUE_LAG_METRIC, List.of());
    public static final Metric AGENT_HEARTBEAT_FAILURES = new Metric(Stages.METRICS_NAMESPACE, Stages.AGENT_HEARTBEAT_FAILURES_METRIC,
            List.of());
    public static final Metric AGENT_TASKS_FAILED = new Metric(Stages.METRICS_NAMESPACE, Stages.AGENT_TASKS_FAILED_METRIC,
            List.of(Stages.ERROR_DIMENSION));

    /** Per ended job (EMF, {@code RecordJobKpis}), by pipeline. */
    public static final Metric JOB_TIME_TO_VALUE = jobMetric(Stages.JOB_TIME_TO_VALUE_METRIC);
    public static final Metric JOB_COST = jobMetric(Stages.JOB_COST_METRIC);
    public static final Metric JOB_TRANSITIONS = jobMetric(Stages.JOB_TRANSITIONS_METRIC);
    public static final Metric JOB_GB_SECONDS = jobMetric(Stages.JOB_GB_SECONDS_METRIC);
    public static final Metric JOB_AGENT_SECONDS = jobMetric(Stages.JOB_AGENT_SECONDS_METRIC);
    public static final Metric JOB_MODEL_INVOCATIONS = jobMetric(Stages.JOB_MODEL_INVOCATIONS_METRIC);
    public static final Metric JOB_MODEL_INPUT_TOKENS = jobMetric(Stages.JOB_MODEL_INPUT_TOKENS_METRIC);
    public static final Metric JOB_MODEL_OUTPUT_TOKENS = jobMetric(Stages.JOB_MODEL_OUTPUT_TOKENS_METRIC);
    public static final Metric JOB_REVIEW_WAIT = jobMetric(Stages.JOB_REVIEW_WAIT_METRIC);
    /** Per checked sample of an automatic outcome: 1, by pipeline and verdict. */
    public static final Metric SAMPLE_CHECKS = new Metric(Stages.METRICS_NAMESPACE, Stages.SAMPLE_CHECKS_METRIC,
            List.of(Stages.PIPELINE_DIMENSION, Stages.VERDICT_DIMENSION));
    /** Per reviewed job: 1, by pipeline and verdict. */
    public static final Metric JOB_REVIEWS = new Metric(Stages.METRICS_NAMESPACE, Stages.JOB_REVIEWS_METRIC,
            List.of(Stages.PIPELINE_DIMENSION, Stages.VERDICT_DIMENSION));
    public static final Metric JOB_FEATURES = jobMetric(Stages.JOB_FEATURES_METRIC);

    /** Per refused submission event: 1, by pipeline. */
    public static final Metric SUBMISSIONS_REJECTED = jobMetric(Stages.SUBMISSIONS_REJECTED_METRIC);

    /** Per ended job: 1, by pipeline and outcome (the outcome mix). */
    public static final Metric JOB_OUTCOME = new Metric(Stages.METRICS_NAMESPACE, Stages.JOB_OUTCOME_METRIC,
            List.of(Stages.PIPELINE_DIMENSION, Stages.OUTCOME_DIMENSION));

    private static Metric jobMetric(String name) {
        return new Metric(Stages.METRICS_NAMESPACE, name, List.of(Stages.PIPELINE_DIMENSION));
    }

    public static final List<Metric> ALL = List.of(REVIEW_BACKLOG, AGENT_DECISIONS, AGENT_STEP, AGENT_EVALUATION, JOB_TIME_TO_DECISION, AGENT_QUEUE_LAG,
            AGENT_HEARTBEAT_FAILURES, AGENT_TASKS_FAILED, JOB_TIME_TO_VALUE, JOB_COST, JOB_TRANSITIONS,
            JOB_GB_SECONDS, JOB_AGENT_SECONDS, JOB_MODEL_INVOCATIONS, JOB_MODEL_INPUT_TOKENS, JOB_MODEL_OUTPUT_TOKENS, JOB_FEATURES, JOB_REVIEWS, JOB_REVIEW_WAIT, SAMPLE_CHECKS, JOB_OUTCOME, SUBMISSIONS_REJECTED);

    private PublishedMetrics() {
    }
}
