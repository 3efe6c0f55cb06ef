package dev.tandem.agent.config;

import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.aws.killswitch.KillSwitch;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's configuration, read once at startup from Micronaut properties (environment variables
 * map onto them: {@code TANDEM_AGENT_QUEUE_URL} is {@code tandem.agent.queue-url}).
 *
 * @param queueUrl          the governance queue the workflow's Govern step sends to
 * @param concurrency       governed steps evaluated at once by this task
 * @param waitTime          SQS long-poll wait (at most 20 s)
 * @param visibilityTimeout how long a received message stays hidden; heartbeats extend it by this much
 * @param heartbeatInterval how often an in-flight step extends its message and sends SendTaskHeartbeat;
 *                          must be well below both the visibility timeout and the state's HeartbeatSeconds
 * @param retryDelay        how long a message whose step failed transiently stays hidden before the retry
 * @param shutdownGrace     how long SIGTERM waits for in-flight steps (below the ECS stop timeout)
 * @param policyVersions    bundle versions that replace a governed step's declared one, by {@code pipeline/step}
 *                          (agent step name); empty to run every step with the version its pipeline declares
 * @param xrayDaemonAddress where segments go ({@code host:port}); null for the SDK default (the
 *                          {@code AWS_XRAY_DAEMON_ADDRESS} variable, else the sidecar at 127.0.0.1:2000)
 * @param endpoints         endpoint overrides per service (local engines); empty in AWS
 * @param ecsMetadataUri    {@code ECS_CONTAINER_METADATA_URI_V4}; null outside ECS
 */
public record AgentConfig(
        String region,
        String queueUrl,
        String jobsTable,
        String casesTable,
        String auditTable,
        String killSwitchPrefix,
        Duration killSwitchCacheTtl,
        int concurrency,
        Duration waitTime,
        Duration visibilityTimeout,
        Duration heartbeatInterval,
        Duration retryDelay,
        Duration shutdownGrace,
        Map<String, String> policyVersions,
        boolean tracing,
        String xrayDaemonAddress,
        Map<String, URI> endpoints,
        String accessKeyId,
        String secretAccessKey,
        String ecsMetadataUri,
        String version) {

    public AgentConfig {
        required(region, "AWS_REGION");
        required(queueUrl, ConfigKey.AGENT_QUEUE_URL.environmentVariable());
        required(jobsTable, Tables.JOBS.environmentVariable());
        required(casesTable, Tables.CASES.environmentVariable());
        required(auditTable, Tables.AUDIT.environmentVariable());
        Objects.requireNonNull(killSwitchPrefix, "killSwitchPrefix");
        killSwitchCacheTtl = KillSwitch.checkedTtl(killSwitchCacheTtl);
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        policyVersions = policyVersions == null ? Map.of() : Map.copyOf(policyVersions);
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("tandem.agent.concurrency must be 1 to 256, was " + concurrency);
        }
        if (waitTime.isNegative() || waitTime.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("tandem.agent.wait-time must be 0 to 20 s (the SQS long-poll limit), was " + waitTime);
        }
        if (visibilityTimeout.compareTo(Duration.ofSeconds(1)) < 0 || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("tandem.agent.visibility-timeout must be 1 s to 12 h, was " + visibilityTimeout);
        }
        if (heartbeatInterval.compareTo(visibilityTimeout) >= 0) {
            throw new IllegalArgumentException("tandem.agent.heartbeat-interval (" + heartbeatInterval
                    + ") must be shorter than tandem.agent.visibility-timeout (" + visibilityTimeout + ")");
        }
    }

    private static void required(String value, String environmentVariable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("missing configuration: set the environment variable " + environmentVariable);
        }
    }
}
