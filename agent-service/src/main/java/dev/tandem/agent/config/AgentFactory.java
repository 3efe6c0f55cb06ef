package dev.tandem.agent.config;

import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.NamedValues;
import dev.tandem.contracts.infra.Tables;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import dev.tandem.agent.identity.AgentIdentities;
import dev.tandem.agent.policy.GovernedSteps;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.killswitch.KillSwitch;
import dev.tandem.contracts.pipeline.AgentIdentity;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the configuration, the SDK clients (once, closed on shutdown) and the stores. The policy
 * bundle is loaded eagerly: an invalid bundle stops the agent at startup with a message naming the
 * policy and the error, before it takes any work.
 *
 * <p>The clients are {@code @Primary}: micronaut-aws-sdk-v2 (which the CloudWatch meter registry
 * brings) registers default clients of its own, used only by that registry.
 */
@Factory
public class AgentFactory {

    private static final String[] SERVICES = {"sqs", "sfn", "dynamodb", "s3", "ssm"};

    @Singleton
    AgentConfig config(Environment env) {
        Map<String, URI> endpoints = new HashMap<>();
        for (String service : SERVICES) {
            env.getProperty(ConfigKey.endpointProperty(service), String.class).filter(s -> !s.isBlank())
                    .ifPresent(url -> endpoints.put(service, URI.create(url)));
        }
        return new AgentConfig(
                env.getProperty("aws.region", String.class).or(() -> env.getProperty(ConfigKey.REGION.property(), String.class)).orElse(null),
                env.getProperty(ConfigKey.AGENT_QUEUE_URL.property(), String.class).orElse(null),
                env.getProperty(Tables.JOBS.property(), String.class).orElse(null),
                env.getProperty(Tables.CASES.property(), String.class).orElse(null),
                env.getProperty(Tables.AUDIT.property(), String.class).orElse(null),
                env.getProperty(ConfigKey.KILL_SWITCH_PREFIX.property(), String.class).orElse(KillSwitch.DEFAULT_PREFIX),
                env.getProperty(ConfigKey.KILL_SWITCH_CACHE_TTL.property(), Duration.class).orElse(null),
                env.getProperty(ConfigKey.AGENT_CONCURRENCY.property(), Integer.class).orElse(8),
                env.getProperty(ConfigKey.AGENT_WAIT_TIME.property(), Duration.class).orElse(Duration.ofSeconds(20)),
                env.getProperty(ConfigKey.AGENT_VISIBILITY_TIMEOUT.property(), Duration.class).orElse(Duration.ofSeconds(60)),
                env.getProperty(ConfigKey.AGENT_HEARTBEAT_INTERVAL.property(), Duration.class).orElse(Duration.ofSeconds(20)),
                env.getProperty(ConfigKey.AGENT_RETRY_DELAY.property(), Duration.class).orElse(Duration.ofSeconds(5)),
                env.getProperty(ConfigKey.AGENT_SHUTDOWN_GRACE.property(), Duration.class).orElse(Duration.ofSeconds(25)),
                policyVersions(env.getProperty(ConfigKey.AGENT_POLICY_VERSIONS.property(), String.class).orElse("")),
                env.getProperty(ConfigKey.AGENT_TRACING.property(), Boolean.class).orElse(true),
                env.getProperty(ConfigKey.AGENT_XRAY_DAEMON_ADDRESS.property(), String.class).filter(s -> !s.isBlank()).orElse(null),
                endpoints,
                env.getProperty(ConfigKey.ACCESS_KEY_ID.property(), String.class).orElse(null),
                env.getProperty(ConfigKey.SECRET_ACCESS_KEY.property(), String.class).orElse(null),
                env.getProperty("ecs.container.metadata.uri.v4", String.class).orElse(null),
                AgentFactory.class.getPackage().getImplementationVersion() == null
                        ? "dev" : AgentFactory.class.getPackage().getImplementationVersion());
    }

    /**
     * Every registered pipeline's governed steps with their bundles, loaded eagerly: an invalid bundle stops
     * the agent at startup.
     */
    @Context
    GovernedSteps governedSteps(AgentConfig config, AgentIdentity identity) {
        return GovernedSteps.load(Pipelines.all(), config.policyVersions(), "agent:" + identity.id(), Clock.systemUTC(), identity);
    }

    /** {@code claims/govern=1.0.1,orders/approve=2.0.0}: bundle versions by pipeline and agent step. */
    static Map<String, String> policyVersions(String spec) {
        Map<String, String> versions;
        try {
            versions = NamedValues.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKey.AGENT_POLICY_VERSIONS.environmentVariable()
                    + ": expected pipeline/step=version[,...]; " + e.getMessage(), e);
        }
        versions.keySet().stream().filter(key -> !key.matches("[^/]+/[^/]+")).findFirst().ifPresent(key -> {
            throw new IllegalArgumentException(ConfigKey.AGENT_POLICY_VERSIONS.environmentVariable()
                    + ": expected pipeline/step=version[,...], got the key '" + key + "'");
        });
        return versions;
    }

    @Singleton
    AgentIdentity identity(AgentConfig config) {
        return AgentIdentities.resolve(config.ecsMetadataUri(), config.version());
    }

    @Singleton
    AuditLog auditLog(DynamoDbClient dynamoDb, AgentConfig config) {
        return new AuditLog(dynamoDb, config.auditTable(), config.jobsTable());
    }

    @Singleton
    KillSwitch killSwitch(SsmClient ssm, AgentConfig config) {
        return new KillSwitch(ssm, config.killSwitchPrefix(), config.killSwitchCacheTtl());
    }

    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    SdkHttpClient httpClient(AgentConfig config) {
        // Long polls hold a connection for up to wait-time; every worker thread may hold one more.
        return ApacheHttpClient.builder()
                .maxConnections(config.concurrency() * 2 + 8)
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(config.waitTime().plusSeconds(10))
                .build();
    }

    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    SqsClient sqs(AgentConfig config, SdkHttpClient http) {
        return configure(SqsClient.builder(), config, "sqs").httpClient(http).build();
    }

    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    SfnClient sfn(AgentConfig config, SdkHttpClient http) {
        return configure(SfnClient.builder(), config, "sfn").httpClient(http).build();
    }

    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb(AgentConfig config, SdkHttpClient http) {
        return configure(DynamoDbClient.builder(), config, "dynamodb").httpClient(http).build();
    }

    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    S3Client s3(AgentConfig config, SdkHttpClient http) {
        return configure(S3Client.builder(), config, "s3").httpClient(http)
                .forcePathStyle(config.endpoints().containsKey("s3"))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
    }

    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    SsmClient ssm(AgentConfig config, SdkHttpClient http) {
        return configure(SsmClient.builder(), config, "ssm").httpClient(http).build();
    }

    /** Region, credentials, X-Ray subsegments per call, and the endpoint override when local. */
    static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AgentConfig config, String service) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(config.waitTime().plusSeconds(20));
        if (config.tracing()) {
            override.addExecutionInterceptor(new TracingInterceptor());
        }
        builder.region(Region.of(config.region())).credentialsProvider(credentials(config))
                .overrideConfiguration(override.build());
        URI endpoint = config.endpoints().get(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(AgentConfig config) {
        if (config.accessKeyId() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
        }
        // On ECS: the task role, through the container credentials endpoint.
        return DefaultCredentialsProvider.builder().build();
    }
}
