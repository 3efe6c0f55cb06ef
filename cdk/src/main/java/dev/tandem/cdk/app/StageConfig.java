package dev.tandem.cdk.app;

import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * What differs between stages, from CDK context ({@code -c stage=prod}, {@code -c agentMinTasks=2}, ...).
 *
 * @param name             {@code dev} or {@code prod}; resource names start with {@code tandem-<name>}
 * @param submitWarmPool   provisioned concurrency on the {@code live} alias of {@code POST /v1/jobs} (0: none)
 * @param agentMinTasks    agent tasks kept running whatever the backlog (the agent's warm pool)
 * @param agentMaxTasks    upper bound of the backlog autoscaling
 * @param agentImageDigest the agent image to run, {@code sha256:...}, pinned by digest (set by scripts/deploy)
 * @param alarmEmail       subscribed to the alarm topic when set
 * @param auditDigestRetentionDays how long each audit digest is locked (Object Lock, compliance mode): it can be
 *                         neither changed nor deleted, by anyone, for that long ({@code -c auditDigestRetentionDays=N};
 *                         7 years in prod, 1 day elsewhere)
 * @param reviewSampleRate the share of automatic outcomes sampled for a reviewer's check, for every pipeline of the stage
 *                         ({@code -c reviewSampleRate=R}); null: each pipeline's own ({@code reviewSampleRate()}). The
 *                         local stack samples every one, so the check can be tried there.
 * @param policyVersions   governed steps whose bundle the agent runs at another version it carries, {@code pipeline/step=version,...}
 *                         ({@code -c policyVersions=...}): one pipeline's bundle rolled back (or forward) without touching the
 *                         others' or the agent's image; null: the declared ones. The agent refuses a key that names no step.
 * @param modelEndpoints   the SageMaker endpoint each pipeline's hosted model runs on, by pipeline
 *                         ({@code -c modelEndpoints=pipeline=endpoint,...}); the functions of a pipeline named here that hold
 *                         {@code Grant.MODEL_ENDPOINT} score with it, every other with its embedded model
 */
public record StageConfig(String name, int submitWarmPool, int agentMinTasks, int agentMaxTasks, String agentImageDigest,
                          String alarmEmail, int auditDigestRetentionDays, Double reviewSampleRate, String policyVersions,
                          Map<String, String> modelEndpoints) {

    /** SageMaker's endpoint names. */
    private static final String ENDPOINT_NAME = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    public StageConfig(String name, int submitWarmPool, int agentMinTasks, int agentMaxTasks, String agentImageDigest,
                       String alarmEmail, int auditDigestRetentionDays, Double reviewSampleRate) {
        this(name, submitWarmPool, agentMinTasks, agentMaxTasks, agentImageDigest, alarmEmail, auditDigestRetentionDays, reviewSampleRate,
                null, Map.of());
    }

    public StageConfig {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9]{1,15}")) {
            throw new IllegalArgumentException("stage must be 2-16 lower-case letters or digits (e.g. dev, prod), was '" + name + "'");
        }
        if (submitWarmPool < 0 || agentMinTasks < 0 || agentMaxTasks < Math.max(1, agentMinTasks)) {
            throw new IllegalArgumentException("need submitWarmPool >= 0, agentMinTasks >= 0 and agentMaxTasks >= max(1, agentMinTasks)");
        }
        if (auditDigestRetentionDays < 1) {
            throw new IllegalArgumentException("auditDigestRetentionDays must be at least 1, was " + auditDigestRetentionDays);
        }
        if (reviewSampleRate != null && !(reviewSampleRate >= 0 && reviewSampleRate <= 1)) {
            throw new IllegalArgumentException("reviewSampleRate must be in [0, 1], was " + reviewSampleRate);
        }
        if (policyVersions != null && !policyVersions.matches("[a-z0-9-]+/[A-Za-z0-9-]+=[A-Za-z0-9.+-]+(,[a-z0-9-]+/[A-Za-z0-9-]+=[A-Za-z0-9.+-]+)*")) {
            throw new IllegalArgumentException("policyVersions must be pipeline/step=version,... (e.g. claims-triage/decide=1.0.0), was '"
                    + policyVersions + "'");
        }
        modelEndpoints = modelEndpoints == null ? Map.of() : Map.copyOf(modelEndpoints);
        modelEndpoints.forEach((pipeline, endpoint) -> {
            if (!pipeline.matches("[a-z][a-z0-9-]*") || !endpoint.matches(ENDPOINT_NAME)) {
                throw new IllegalArgumentException("modelEndpoints must be pipeline=endpoint,... with SageMaker endpoint names (e.g. "
                        + "claims-triage=claims-scorer-prod), was " + pipeline + "=" + endpoint);
            }
        });
        if (agentImageDigest != null && !agentImageDigest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("agentImageDigest must be sha256:<64 hex digits>, was '" + agentImageDigest + "'");
        }
    }

    public static StageConfig fromContext(Node node) {
        String stage = context(node, "stage", "dev");
        boolean prod = stage.equals("prod");
        return new StageConfig(stage,
                Integer.parseInt(context(node, "submitWarmPool", prod ? "2" : "0")),
                Integer.parseInt(context(node, "agentMinTasks", prod ? "2" : "1")),
                Integer.parseInt(context(node, "agentMaxTasks", prod ? "10" : "3")),
                context(node, "agentImageDigest", null),
                context(node, "alarmEmail", null),
                Integer.parseInt(context(node, "auditDigestRetentionDays", prod ? "2557" : "1")),
                rate(context(node, "reviewSampleRate", stage.equals(dev.tandem.contracts.infra.Stages.LOCAL) ? "1" : null)),
                context(node, "policyVersions", null),
                endpoints(context(node, "modelEndpoints", null)));
    }

    private static Map<String, String> endpoints(String value) {
        try {
            return value == null ? Map.of() : dev.tandem.contracts.infra.NamedValues.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("modelEndpoints must be pipeline=endpoint,...: " + e.getMessage(), e);
        }
    }

    private static Double rate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reviewSampleRate must be a number in [0, 1], was '" + value + "'");
        }
    }

    private static String context(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    public boolean production() {
        return name.equals("prod");
    }

    /** Physical-name prefix of tables and other named resources, e.g. {@code tandem-dev}. */
    public String prefix() {
        return dev.tandem.contracts.infra.Stages.prefix(name);
    }

    /** Production data survives a stack deletion; development data does not. */
    public RemovalPolicy dataRemovalPolicy() {
        return production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    public RetentionDays logRetention() {
        return production() ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;
    }
}
