package dev.tandem.pipelines.linemaintenance.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.pipelines.linemaintenance.model.RobustZModel;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** Which model the deployed Score function scores with: the one its stage names an endpoint for, else the embedded one. */
class ScoreMachineModelTest {

    private static final Map<String, Object> FUNCTION = Map.of("aws.region", "eu-west-1");

    /** The function's environment as Micronaut reads it (its variables are properties). */
    private static Environment environment(Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).build().getEnvironment().start();
    }

    @Test
    void withoutAnEndpoint_theEmbeddedModelScores_andNoSageMakerClientIsBuilt() {
        ScoreMachine score = new ScoreMachine(null, environment(FUNCTION), () -> {
            throw new AssertionError("the SageMaker client was asked for");
        });

        assertThat(score.model()).isInstanceOf(RobustZModel.class);
        assertThat(score.model().provider()).isEqualTo("embedded");
    }

    @Test
    void withTheStagesEndpoint_theHostedModelScores() {
        Map<String, Object> hosted = new HashMap<>(FUNCTION);
        hosted.put(ConfigKey.MODEL_ENDPOINT.property(), "line-anomaly-prod");
        try (SageMakerRuntimeClient client = SageMakerRuntimeClient.builder().region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build()) {
            ScoreMachine score = new ScoreMachine(null, environment(hosted), () -> client);

            assertThat(score.model().provider()).isEqualTo("sagemaker:line-anomaly-prod");
        }
    }
}
