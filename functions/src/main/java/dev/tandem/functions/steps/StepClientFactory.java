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
     * Bedrock throttles under load; the SDK's standard retry strategy backs off with jitter on
     * ThrottlingException (up to 4 attempts) before the step fails and the workflow's retry takes over.
     */
    @Singleton
    @Bean(preDestroy = "close")
    BedrockRuntimeClient bedrock(FunctionsConfig config, SdkHttpClient http) {
        return configure(BedrockRuntimeClient.builder(), config, "bedrock").httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new TracingInterceptor())
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(4).build()))
                .build();
    }

    /**
     * A pipeline's hosted model (a SageMaker endpoint, {@code Grant.MODEL_ENDPOINT}); built on first use, so a function
     * that scores with an embedded model never builds it. Same retries as Bedrock: endpoints throttle too.
     */
    @Singleton
    @Bean(preDestroy = "close")
    SageMakerRuntimeClient sageMaker(FunctionsConfig config, SdkHttpClient http) {
        return configure(SageMakerRuntimeClient.builder(), config, "sagemaker").httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new TracingInterceptor())
                        // Within a step's 30 s, whatever the attempts: a slow endpoint fails the step, not the function.
                        .apiCallAttemptTimeout(Duration.ofSeconds(10))
                        .apiCallTimeout(Duration.ofSeconds(25))
                        .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(4).build()))
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
