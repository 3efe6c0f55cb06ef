package dev.tandem.functions.steps.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzerPrimingTest {

    @Test
    void primingText_exercisesEveryDetector() {
        // 4 phone numbers, an e-mail, 2 IP addresses, an IBAN, a card, 9 national ids, a date of birth.
        assertThat(new AnalyzerPriming().prime()).isEqualTo(19);
    }

    @Test
    void isACheckpointResourceOfTheFunctionsContext() {
        String nowhere = "http://127.0.0.1:9";
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of("aws.region", "us-east-1",
                "tandem.endpoints.dynamodb", nowhere, "tandem.endpoints.s3", nowhere, "tandem.endpoints.ssm", nowhere,
                "tandem.access-key-id", "test", "tandem.secret-access-key", "test")).start()) {
            assertThat(context.getBeansOfType(OrderedResource.class)).hasAtLeastOneElementOfType(AnalyzerPriming.class);
        }
    }
}
