package dev.tandem.contracts.infra;

import java.util.Locale;

/**
 * Every configuration key of the functions and the agent, declared once: the code reads the property
 * ({@code tandem.kill-switch-prefix}), the CDK app, the local stack and the test harnesses set the
 * environment variable ({@code TANDEM_KILL_SWITCH_PREFIX}), which Micronaut maps to that property. Table
 * names are {@link TableSpec#environmentVariable()}; endpoint overrides {@link #endpointProperty(String)}.
 */
public enum ConfigKey {
    BUCKET("tandem.bucket"),
    STAGE("tandem.stage"),
    /** A stage's share of automatic outcomes sampled for a check, for every pipeline (unset: each pipeline's own rate). */
    REVIEW_SAMPLE_RATE("tandem.review.sample-rate"),
    /** The pipeline a pipeline's function serves (unset for the platform's functions): its log lines name it. */
    PIPELINE("tandem.pipeline"),
    /** {@code pipeline=stateMachineAliasArn,...}: the state machine SubmitJob starts for each pipeline. */
    STATE_MACHINE_ARNS("tandem.state-machine-arns"),
    KILL_SWITCH_PREFIX("tandem.kill-switch-prefix"),
    /** How long a kill-switch reading is trusted (at most 10 s by contract). */
    KILL_SWITCH_CACHE_TTL("tandem.kill-switch-cache-ttl"),
    /** Static credentials for local engines only; in AWS the function's or task's role is used. */
    ACCESS_KEY_ID("tandem.access-key-id"),
    SECRET_ACCESS_KEY("tandem.secret-access-key"),
    REGION("tandem.region"),
    MODEL_PROVIDER("tandem.model.provider"),
    MODEL_BEDROCK_MODEL_ID("tandem.model.bedrock-model-id"),
    MODEL_PROMPT_VERSION("tandem.model.prompt-version"),
    MODEL_THRESHOLD("tandem.model.threshold"),
    /**
     * The SageMaker endpoint a pipeline's function scores with, set on functions that hold {@link Grant#MODEL_ENDPOINT}
     * when the stage names one for their pipeline; unset: the pipeline's embedded model.
     */
    MODEL_ENDPOINT("tandem.model.endpoint"),
    EVENT_BUS_NAME("tandem.event-bus-name"),
    /** The bucket of audit digests (Object Lock in AWS); unset where a deployment keeps none. */
    AUDIT_DIGEST_BUCKET("tandem.audit.digest-bucket"),
    /** The digest signing key: a KMS key id or ARN, or {@code local-key:<directory>} for a local RSA key pair. */
    AUDIT_DIGEST_KEY("tandem.audit.digest-key"),
    /** The queue the job-ended events reach, which the digest writer drains. */
    AUDIT_DIGEST_QUEUE_URL("tandem.audit.digest-queue-url"),
    /** The HMAC key that makes the API's page cursors tamper-evident: a KMS key id or ARN, or {@code local-key:<directory>}. */
    API_CURSOR_KEY("tandem.api.cursor-key"),
    AGENT_QUEUE_URL("tandem.agent.queue-url"),
    AGENT_CONCURRENCY("tandem.agent.concurrency"),
    AGENT_WAIT_TIME("tandem.agent.wait-time"),
    AGENT_VISIBILITY_TIMEOUT("tandem.agent.visibility-timeout"),
    AGENT_HEARTBEAT_INTERVAL("tandem.agent.heartbeat-interval"),
    AGENT_RETRY_DELAY("tandem.agent.retry-delay"),
    AGENT_SHUTDOWN_GRACE("tandem.agent.shutdown-grace"),
    AGENT_POLICY_VERSIONS("tandem.agent.policy-versions"),
    AGENT_TRACING("tandem.agent.tracing"),
    AGENT_XRAY_DAEMON_ADDRESS("tandem.agent.xray-daemon-address"),
    /** The agent's HTTP port (application.properties reads the variable). */
    AGENT_PORT("tandem.agent.port");

    /**
     * The prefix of a key setting ({@link #AUDIT_DIGEST_KEY}, {@link #API_CURSOR_KEY}) naming a local key's directory
     * instead of a KMS key (the local stack's).
     */
    public static final String LOCAL_KEY_PREFIX = "local-key:";

    private final String property;

    ConfigKey(String property) {
        this.property = property;
    }

    /** The property the code reads. */
    public String property() {
        return property;
    }

    /** The environment variable that sets it. */
    public String environmentVariable() {
        return variableOf(property);
    }

    /** The endpoint override of one AWS service ({@code dynamodb}, {@code s3}, {@code sqs}, ...); local engines only. */
    public static String endpointProperty(String service) {
        return "tandem.endpoints." + service;
    }

    public static String endpointVariable(String service) {
        return variableOf(endpointProperty(service));
    }

    static String variableOf(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
