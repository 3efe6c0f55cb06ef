package dev.tandem.functions.steps;

import dev.tandem.contracts.infra.ConfigKey;
import static dev.tandem.functions.config.AwsClientFactory.configure;

import com.amazonaws.xray.interceptors.TracingInterceptor;
import dev.tandem.functions.config.FunctionsConfig;
import dev.tandem.functions.steps.model.BedrockModelProvider;
import dev.tandem.functions.steps.model.EmbeddedLexiconProvider;
import dev.tandem.functions.steps.model.ModelProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The clients only the pipeline steps use (they ship in the steps jar, not the API jar): Bedrock Runtime and the
 * model provider for sensitivity classification; SageMaker Runtime for a pipeline's hosted model.
 */
@Factory
public class StepClientFactory {

    /**
     * How a model API's client calls (it replaces the shared client configuration's): traced, within its timeouts, and
     * retried as model APIs need: they throttle under load, and the SDK's standard retry strategy backs off with jitter on
     * throttling (up to 4 attempts) before the step fails and the workflow's retry takes over.
     *
     * @param attemptTimeout each attempt's bound, or null for none but the call's
     */
    private static ClientOverrideConfiguration modelCalls(Duration attemptTimeout, Duration callTimeout) {
        return ClientOverrideConfiguration.builder().addExecutionInterceptor(new TracingInterceptor())
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(callTimeout)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(4).build())
                .build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    BedrockRuntimeClient bedrock(FunctionsConfig config, SdkHttpClient http) {
        return configure(BedrockRuntimeClient.builder(), config, "bedrock").httpClient(http)
                .overrideConfiguration(modelCalls(null, Duration.ofSeconds(60)))
                .build();
    }

    /**
     * A pipeline's hosted model (a SageMaker endpoint, {@code Grant.MODEL_ENDPOINT}); built on first use, so a function
     * that scores with an embedded model never builds it. Within a step's 30 s, whatever the attempts: a slow endpoint
     * fails the step, not the function.
     */
    @Singleton
    @Bean(preDestroy = "close")
    SageMakerRuntimeClient sageMaker(FunctionsConfig config, SdkHttpClient http) {
        return configure(SageMakerRuntimeClient.builder(), config, "sagemaker").httpClient(http)
                .overrideConfiguration(modelCalls(Duration.ofSeconds(10), Duration.ofSeconds(25)))
                .build();
    }

    @Singleton
    ModelProvider modelProvider(FunctionsConfig config, jakarta.inject.Provider<BedrockRuntimeClient> bedrock) {
        if (config.model().provider().equals("bedrock")) {
            return new BedrockModelProvider(bedrock.get(), FunctionsConfig.required(config.model().bedrockModelId(),
                    ConfigKey.MODEL_BEDROCK_MODEL_ID.environmentVariable()), config.model().promptVersion());
        }
        return new EmbeddedLexiconProvider();
    }
}
