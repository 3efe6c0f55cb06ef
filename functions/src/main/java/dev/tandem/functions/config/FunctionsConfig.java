package dev.tandem.functions.config;

import java.net.URI;
import dev.tandem.aws.killswitch.KillSwitch;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the functions read from their environment, read once at init.
 *
 * <p>In AWS the CDK app sets the environment variables ({@code TANDEM_TABLE_JOBS}, {@code TANDEM_BUCKET},
 * ...); Micronaut exposes them as properties ({@code tandem.table.jobs}, {@code tandem.bucket}), which is
 * also how tests and the local stack configure a function in-process.
 *
 * @param endpoints      per-service endpoint overrides ({@code dynamodb}, {@code s3}, {@code sfn}, {@code ssm});
 *                       empty in AWS
 * @param accessKeyId    static credentials for local engines; null in AWS, where the function's role is used
 * @param stateMachineArns {@code pipeline=stateMachineAliasArn,...}: what SubmitJob starts for a job of each pipeline
 * @param killSwitchPrefix SSM parameter path prefix; the pipeline name is appended
 * @param killSwitchCacheTtl how long a kill-switch reading is trusted (at most 10 s by contract)
 * @param cursorKey      the HMAC key of the API's page cursors: a KMS key id or ARN, or {@code local-key:<directory>}
 */
public record FunctionsConfig(
        String region,
        String jobsTable,
        String idempotencyTable,
        String reviewsTable,
        String auditTable,
        String lineageTable,
        String bucket,
        String stateMachineArns,
        String killSwitchPrefix,
        Duration killSwitchCacheTtl,
        Map<String, URI> endpoints,
        String accessKeyId,
        String secretAccessKey,
        Model model,
        String eventBusName,
        String stage,
        AuditDigests auditDigests,
        String cursorKey) {

    /**
     * Where audit digests go and what signs them; every field null where the deployment keeps no digests.
     *
     * @param bucket   the digest bucket
     * @param key      the signing key: a KMS key id or ARN, or {@code local-key:<directory>}
     * @param queueUrl the queue of job-ended events the writer drains
     */
    public record AuditDigests(String bucket, String key, String queueUrl) {
        /** Whether digests are kept here (a bucket and a key are configured). */
        public boolean enabled() {
            return bucket != null && !bucket.isBlank() && key != null && !key.isBlank();
        }
    }

    /**
     * The sensitivity model: {@code embedded} (the versioned lexicon) or {@code bedrock} (Converse API).
     *
     * @param threshold model score at or above which a document takes the governed path
     */
    public record Model(String provider, String bedrockModelId, String promptVersion, double threshold) {
        public Model {
            provider = provider == null ? "embedded" : provider;
            if (!provider.equals("embedded") && !provider.equals("bedrock")) {
                throw new IllegalArgumentException("tandem.model.provider must be embedded or bedrock, was " + provider);
            }
            promptVersion = promptVersion == null ? "sensitivity-v1" : promptVersion;
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("tandem.model.threshold must be in (0, 1], was " + threshold);
            }
        }
    }

    public double modelThreshold() {
        return model.threshold();
    }

    public FunctionsConfig {
        Objects.requireNonNull(region, "region (AWS_REGION or tandem.region)");
        Objects.requireNonNull(killSwitchPrefix, "killSwitchPrefix");
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        model = model == null ? new Model(null, null, null, 0.7) : model;
        eventBusName = eventBusName == null ? "default" : eventBusName;
        stage = stage == null ? "local" : stage;
        auditDigests = auditDigests == null ? new AuditDigests(null, null, null) : auditDigests;
        killSwitchCacheTtl = KillSwitch.checkedTtl(killSwitchCacheTtl);
    }

    /** The configured value, or a clear error naming the variable that is missing. */
    public static String required(String value, String environmentVariable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("missing configuration: set the environment variable " + environmentVariable);
        }
        return value;
    }
}
