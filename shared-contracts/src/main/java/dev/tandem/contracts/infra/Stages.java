package dev.tandem.contracts.infra;

/**
 * Names that follow from a stage (dev, prod, or {@code local} for the local stack), declared once for
 * the CDK app, the operations CLI and the local stack.
 */
public final class Stages {

    /** The governance queue's messages move to its dead-letter queue after this many receives. */
    public static final int GOVERNANCE_MAX_RECEIVE_COUNT = 5;

    /** The functions' CloudWatch namespace, and the review backlog metric (pending review items, dimension {@link #STAGE_DIMENSION}). */
    public static final String METRICS_NAMESPACE = "Tandem";
    public static final String REVIEW_BACKLOG_METRIC = "ReviewBacklog";
    public static final String STAGE_DIMENSION = "Stage";
    /** The dimension of the per-job KPI metrics (namespace {@link #METRICS_NAMESPACE}). */
    public static final String PIPELINE_DIMENSION = "Pipeline";
    /** Per ended job, by pipeline: submission to the end of its execution (ms). */
    public static final String JOB_TIME_TO_VALUE_METRIC = "JobTimeToValue";
    /** Per ended job, by pipeline: its cost at the bundled prices (USD). */
    public static final String JOB_COST_METRIC = "JobCostUsd";
    /** Per ended job, by pipeline: Step Functions state transitions. */
    public static final String JOB_TRANSITIONS_METRIC = "JobStateTransitions";
    /** Per ended job, by pipeline: Lambda GB-seconds. */
    public static final String JOB_GB_SECONDS_METRIC = "JobLambdaGbSeconds";
    /** Per ended job, by pipeline and outcome (dimension {@link #OUTCOME_DIMENSION}): 1. */
    public static final String JOB_OUTCOME_METRIC = "JobOutcome";
    public static final String OUTCOME_DIMENSION = "Outcome";
    /** Per ended job, by pipeline: seconds on the agent (queue wait included). */
    public static final String JOB_AGENT_SECONDS_METRIC = "JobAgentSeconds";
    /** Per ended job whose pipeline reported its inference, by pipeline: model invocations, tokens in and out, features (all kinds). */
    public static final String JOB_MODEL_INVOCATIONS_METRIC = "JobModelInvocations";
    public static final String JOB_MODEL_INPUT_TOKENS_METRIC = "JobModelInputTokens";
    public static final String JOB_MODEL_OUTPUT_TOKENS_METRIC = "JobModelOutputTokens";
    public static final String JOB_FEATURES_METRIC = "JobFeatures";
    /** Per reviewed job: 1 by pipeline and verdict (dimension {@link #VERDICT_DIMENSION}); its wait for the review (ms) by pipeline. */
    public static final String JOB_REVIEWS_METRIC = "JobReviews";
    public static final String VERDICT_DIMENSION = "Verdict";
    public static final String JOB_REVIEW_WAIT_METRIC = "JobReviewWait";
    /** Per checked sample of an automatic outcome: 1 by pipeline and verdict (CONFIRMED, OVERTURNED). */
    public static final String SAMPLE_CHECKS_METRIC = "SampleChecks";
    /** A submission event refused (its record, with the reason, is under {@code JobEventNames.REJECTED_PREFIX}): 1, by pipeline. */
    public static final String SUBMISSIONS_REJECTED_METRIC = "SubmissionEventsRejected";
    /**
     * The agent's metrics (EMF, namespace {@link #METRICS_NAMESPACE}, like the functions'): policy decisions by
     * pipeline and outcome (count); by pipeline, Cedar evaluation; by pipeline and step, the governed step from message
     * received to decision reported (ms); the message's wait in the queue (ms); heartbeat failures and failed tasks by error.
     */
    public static final String AGENT_DECISIONS_METRIC = "AgentDecisions";
    public static final String AGENT_EVALUATION_METRIC = "AgentEvaluationLatency";
    /** The agent's, per governed decision: the job's submission to the decision (ms), by pipeline. */
    public static final String JOB_TIME_TO_DECISION_METRIC = "JobTimeToDecision";
    public static final String AGENT_STEP_METRIC = "AgentStepLatency";
    public static final String AGENT_QUEUE_LAG_METRIC = "AgentQueueLag";
    public static final String AGENT_HEARTBEAT_FAILURES_METRIC = "AgentHeartbeatFailures";
    public static final String AGENT_TASKS_FAILED_METRIC = "AgentTasksFailed";
    public static final String ERROR_DIMENSION = "Error";
    /** The agent step's latency is by pipeline and step (a pipeline may govern several steps). */
    public static final String STEP_DIMENSION = "Step";

    private Stages() {
    }

    /** {@code tandem-<stage>}: the prefix of tables, functions, queues and the state machine. */
    public static String prefix(String stage) {
        return "tandem-" + stage;
    }

    public static String governanceQueue(String stage) {
        return prefix(stage) + "-governance";
    }

    public static String governanceDeadLetterQueue(String stage) {
        return prefix(stage) + "-governance-dlq";
    }

    /** Bucket names are global: the account and region make the stage's name unique. */
    public static String documentsBucket(String stage, String account, String region) {
        return prefix(stage) + "-documents-" + account + "-" + region;
    }

    /** The audit digests' bucket (Object Lock): named like the documents bucket, unique by account and region. */
    public static String auditDigestBucket(String stage, String account, String region) {
        return prefix(stage) + "-audit-digests-" + account + "-" + region;
    }

    /** The queue the job-ended events reach, which the audit digest writer drains. */
    public static String auditDigestQueue(String stage) {
        return prefix(stage) + "-audit-digest-jobs";
    }

    public static String auditDigestDeadLetterQueue(String stage) {
        return prefix(stage) + "-audit-digest-dlq";
    }

    /**
     * Where the running local stack writes its engines' endpoints and the GetJobAudit function's resolved configuration
     * (relative to the project root), for the operations CLI's {@code --local}.
     */
    public static final String LOCAL_ENDPOINTS_FILE = ".tandem/local-endpoints.json";
    /** The local stack's stage. */
    public static final String LOCAL = "local";

    /** SSM parameter path prefix of the pipelines' kill switches; the pipeline name is appended. */
    public static String killSwitchPrefix(String stage) {
        return "/tandem/" + stage + "/kill-switch/";
    }

    public static String functionName(String stage, String function) {
        return prefix(stage) + "-" + function;
    }

    /** A pipeline's function: {@code tandem-<stage>-<pipeline>-<step>}, unique across the pipelines of a stage. */
    public static String pipelineFunctionName(String stage, String pipeline, String function) {
        return prefix(stage) + "-" + pipeline + "-" + function;
    }

    public static String stateMachineName(String stage, String pipeline) {
        return prefix(stage) + "-" + pipeline;
    }
}
