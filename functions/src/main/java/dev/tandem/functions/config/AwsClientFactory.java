package dev.tandem.functions.config;

import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.Tables;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.killswitch.KillSwitch;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.kms.KmsClient;
import dev.tandem.aws.audit.AuditDigestStore;
import dev.tandem.aws.audit.AuditDigestWriter;
import dev.tandem.aws.audit.AuditVerifier;
import dev.tandem.aws.audit.DigestSigner;
import dev.tandem.aws.audit.DigestSigners;
import io.micronaut.context.BeanProvider;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the configuration and the SDK clients once per execution environment.
 *
 * <p>Cold-start choices (https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/lambda-optimize-starttime.html):
 * an explicit region and credentials provider (no provider-chain probing), the lightweight
 * URLConnection HTTP client, and one client per service shared by all invocations. Every client
 * carries the X-Ray {@link TracingInterceptor}, so each AWS call is a subsegment of the job's trace.
 */
@Factory
public class AwsClientFactory {

    @Singleton
    FunctionsConfig config(Environment env) {
        // AWS_REGION (set by Lambda) arrives as the property aws.region.
        String region = env.getProperty("aws.region", String.class)
                .or(() -> env.getProperty(ConfigKey.REGION.property(), String.class)).orElse(null);
        Map<String, URI> endpoints = new HashMap<>();
        for (String service : new String[] {"dynamodb", "s3", "sfn", "ssm", "bedrock", "sagemaker", "eventbridge", "sqs", "kms"}) {
            env.getProperty(ConfigKey.endpointProperty(service), String.class)
                    .filter(s -> !s.isBlank())
                    .ifPresent(url -> endpoints.put(service, URI.create(url)));
        }
        return new FunctionsConfig(
                FunctionsConfig.required(region, "AWS_REGION"),
                env.getProperty(Tables.JOBS.property(), String.class).orElse(null),
                env.getProperty(Tables.IDEMPOTENCY.property(), String.class).orElse(null),
                env.getProperty(Tables.REVIEWS.property(), String.class).orElse(null),
                env.getProperty(Tables.AUDIT.property(), String.class).orElse(null),
                env.getProperty(Tables.LINEAGE.property(), String.class).orElse(null),
                env.getProperty(ConfigKey.BUCKET.property(), String.class).orElse(null),
                env.getProperty(ConfigKey.STATE_MACHINE_ARNS.property(), String.class).orElse(null),
                env.getProperty(ConfigKey.KILL_SWITCH_PREFIX.property(), String.class).orElse(KillSwitch.DEFAULT_PREFIX),
                env.getProperty(ConfigKey.KILL_SWITCH_CACHE_TTL.property(), Duration.class).orElse(null),
                endpoints,
                env.getProperty(ConfigKey.ACCESS_KEY_ID.property(), String.class).orElse(null),
                env.getProperty(ConfigKey.SECRET_ACCESS_KEY.property(), String.class).orElse(null),
                new FunctionsConfig.Model(
                        env.getProperty(ConfigKey.MODEL_PROVIDER.property(), String.class).orElse(null),
                        env.getProperty(ConfigKey.MODEL_BEDROCK_MODEL_ID.property(), String.class).orElse(null),
                        env.getProperty(ConfigKey.MODEL_PROMPT_VERSION.property(), String.class).orElse(null),
                        env.getProperty(ConfigKey.MODEL_THRESHOLD.property(), Double.class).orElse(0.7)),
                env.getProperty(ConfigKey.EVENT_BUS_NAME.property(), String.class).orElse(null),
                env.getProperty(ConfigKey.STAGE.property(), String.class).orElse(null),
                new FunctionsConfig.AuditDigests(
                        env.getProperty(ConfigKey.AUDIT_DIGEST_BUCKET.property(), String.class).orElse(null),
                        env.getProperty(ConfigKey.AUDIT_DIGEST_KEY.property(), String.class).orElse(null),
                        env.getProperty(ConfigKey.AUDIT_DIGEST_QUEUE_URL.property(), String.class).orElse(null)),
                env.getProperty(ConfigKey.API_CURSOR_KEY.property(), String.class).orElse(null));
    }

    @Singleton
    @Bean(preDestroy = "close")
    SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb(FunctionsConfig config, SdkHttpClient http) {
        return configure(DynamoDbClient.builder(), config, "dynamodb").httpClient(http).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Client s3(FunctionsConfig config, SdkHttpClient http) {
        return configure(S3Client.builder(), config, "s3").httpClient(http)
                // Local S3 engines have no per-bucket DNS names.
                .forcePathStyle(config.endpoints().containsKey("s3"))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient sqs(FunctionsConfig config, SdkHttpClient http) {
        return configure(SqsClient.builder(), config, "sqs").httpClient(http).build();
    }

    /** Job-ended events: the steps that end a job, and a cancellation. */
    @Singleton
    @Bean(preDestroy = "close")
    software.amazon.awssdk.services.eventbridge.EventBridgeClient eventBridge(FunctionsConfig config, SdkHttpClient http) {
        return configure(software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder(), config, "eventbridge").httpClient(http).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    KmsClient kms(FunctionsConfig config, SdkHttpClient http) {
        return configure(KmsClient.builder(), config, "kms").httpClient(http).build();
    }

    /** The audit digests' bucket. */
    @Singleton
    AuditDigestStore auditDigestStore(S3Client s3, FunctionsConfig config) {
        return new AuditDigestStore(s3, FunctionsConfig.required(config.auditDigests().bucket(), ConfigKey.AUDIT_DIGEST_BUCKET.environmentVariable()));
    }

    /** What signs digests (the writer) and checks their signatures (everyone who verifies). */
    @Singleton
    DigestSigner digestSigner(FunctionsConfig config, BeanProvider<KmsClient> kms) {
        return DigestSigners.of(FunctionsConfig.required(config.auditDigests().key(), ConfigKey.AUDIT_DIGEST_KEY.environmentVariable()), kms::get);
    }

    /** The API's page cursors, under the cursor key (only the functions that page are configured with one). */
    @Singleton
    dev.tandem.functions.http.PageCursors pageCursors(FunctionsConfig config, BeanProvider<KmsClient> kms) {
        return new dev.tandem.functions.http.PageCursors(dev.tandem.functions.http.CursorMac.of(config.cursorKey(), kms::get));
    }

    @Singleton
    AuditVerifier auditVerifier(AuditLog audit, AuditDigestStore digests, DigestSigner signer) {
        return new AuditVerifier(audit, digests, signer.check());
    }

    @Singleton
    AuditDigestWriter auditDigestWriter(AuditLog audit, AuditDigestStore digests, DigestSigner signer) {
        return new AuditDigestWriter(audit, digests, signer, java.time.Clock.systemUTC());
    }

    @Singleton
    @Bean(preDestroy = "close")
    SfnClient sfn(FunctionsConfig config, SdkHttpClient http) {
        return configure(SfnClient.builder(), config, "sfn").httpClient(http).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SsmClient ssm(FunctionsConfig config, SdkHttpClient http) {
        return configure(SsmClient.builder(), config, "ssm").httpClient(http).build();
    }

    /** The audit chain, shared with the agent (one implementation of the chain's storage). */
    @Singleton
    AuditLog auditLog(DynamoDbClient dynamoDb, FunctionsConfig config) {
        return new AuditLog(dynamoDb, FunctionsConfig.required(config.auditTable(), Tables.AUDIT.environmentVariable()),
                FunctionsConfig.required(config.jobsTable(), Tables.JOBS.environmentVariable()));
    }

    @Singleton
    KillSwitch killSwitch(SsmClient ssm, FunctionsConfig config) {
        return new KillSwitch(ssm, config.killSwitchPrefix(), config.killSwitchCacheTtl());
    }

    /** Region, credentials, tracing and timeouts shared by every client; the endpoint override when local. */
    public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, FunctionsConfig config, String service) {
        builder.region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(new TracingInterceptor())
                        .apiCallTimeout(Duration.ofSeconds(20))
                        .build());
        URI endpoint = config.endpoints().get(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(FunctionsConfig config) {
        if (config.accessKeyId() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
        }
        return EnvironmentVariableCredentialsProvider.create();
    }
}
