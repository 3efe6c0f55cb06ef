package dev.tandem.agent.config;

import com.amazonaws.xray.interceptors.TracingInterceptor;
import dev.tandem.agent.identity.AgentIdentities;
import dev.tandem.agent.policy.PolicyBundle;
import dev.tandem.agent.policy.PolicyGuard;
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
            env.getProperty("tandem.endpoints." + service, String.class).filter(s -> !s.isBlank())
                    .ifPresent(url -> endpoints.put(service, URI.create(url)));
        }
        return new AgentConfig(
                env.getProperty("aws.region", String.class).or(() -> env.getProperty("tandem.region", String.class)).orElse(null),
                env.getProperty("tandem.agent.queue-url", String.class).orElse(null),
                env.getProperty("tandem.table.jobs", String.class).orElse(null),
                env.getProperty("tandem.table.cases", String.class).orElse(null),
                env.getProperty("tandem.table.audit", String.class).orElse(null),
                env.getProperty("tandem.kill-switch-prefix", String.class).orElse(KillSwitch.DEFAULT_PREFIX),
                env.getProperty("tandem.kill-switch-cache-ttl", Duration.class).orElse(null),
                env.getProperty("tandem.agent.concurrency", Integer.class).orElse(8),
                env.getProperty("tandem.agent.wait-time", Duration.class).orElse(Duration.ofSeconds(20)),
                env.getProperty("tandem.agent.visibility-timeout", Duration.class).orElse(Duration.ofSeconds(60)),
                env.getProperty("tandem.agent.heartbeat-interval", Duration.class).orElse(Duration.ofSeconds(20)),
                env.getProperty("tandem.agent.retry-delay", Duration.class).orElse(Duration.ofSeconds(5)),
                env.getProperty("tandem.agent.shutdown-grace", Duration.class).orElse(Duration.ofSeconds(25)),
                env.getProperty("tandem.agent.policy-version", String.class).orElse("1.0.0"),
                env.getProperty("tandem.agent.tracing", Boolean.class).orElse(true),
                env.getProperty("tandem.agent.xray-daemon-address", String.class).filter(s -> !s.isBlank()).orElse(null),
                endpoints,
                env.getProperty("tandem.access-key-id", String.class).orElse(null),
                env.getProperty("tandem.secret-access-key", String.class).orElse(null),
                env.getProperty("ecs.container.metadata.uri.v4", String.class).orElse(null),
                AgentFactory.class.getPackage().getImplementationVersion() == null
                        ? "dev" : AgentFactory.class.getPackage().getImplementationVersion());
    }

    @Context
    PolicyBundle policyBundle(AgentConfig config) {
        return PolicyBundle.load(config.policyVersion());
    }

    @Singleton
    AgentIdentity identity(AgentConfig config) {
        return AgentIdentities.resolve(config.ecsMetadataUri(), config.version());
    }

    @Singleton
    PolicyGuard policyGuard(PolicyBundle bundle, AgentIdentity identity) {
        return new PolicyGuard(bundle, "agent:" + identity.id(), Clock.systemUTC(), identity);
    }

    @Singleton
    AuditLog auditLog(DynamoDbClient dynamoDb, AgentConfig config) {
        return new AuditLog(dynamoDb, config.auditTable());
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
