package dev.tandem.functions.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code I -> O} step handlers: the input record binds what it names of the state; a state that does not bind is a clear error. */
class TypedStepFunctionTest {

    record In(String jobId, long sizeBytes) {
        In {
            Objects.requireNonNull(jobId, "jobId");
        }
    }

    record Out(String jobId, long doubled) {
    }

    static final class Doubler extends TypedStepFunction<In, Out> {
        Doubler(ApplicationContext context) {
            super(In.class, context);
        }

        @Override
        protected String step() {
            return "Double";
        }

        @Override
        protected Out handle(In input, StepContext context) {
            return new Out(input.jobId(), input.sizeBytes() * 2);
        }
    }

    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        // The functions' eager beans need a region and endpoints; nothing is called.
        String nowhere = "http://127.0.0.1:9";
        context = ApplicationContext.builder().properties(Map.of("aws.region", "us-east-1", "tandem.endpoints.dynamodb", nowhere,
                "tandem.endpoints.s3", nowhere, "tandem.endpoints.ssm", nowhere, "tandem.access-key-id", "test",
                "tandem.secret-access-key", "test")).start();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void bindsTheFieldsItNames_andIgnoresTheRestOfTheState() {
        JsonNode state = Json.read("{\"jobId\":\"j-1\",\"sizeBytes\":21,\"pipeline\":\"p\",\"document\":{\"uri\":\"s3://b/k\"}}", JsonNode.class);

        Object out = new Doubler(context).execute(state, StepContext.of(null));

        assertThat(out).isEqualTo(new Out("j-1", 42));
    }

    @Test
    void aStateThatDoesNotBind_failsTheStep_namingTheRecordAndTheField() {
        JsonNode wrongType = Json.read("{\"jobId\":\"j-2\",\"sizeBytes\":\"large\"}", JsonNode.class);
        JsonNode missing = Json.read("{\"sizeBytes\":3}", JsonNode.class);

        assertThatThrownBy(() -> new Doubler(context).execute(wrongType, StepContext.of(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step Double of job j-2: the state is not a In")
                .hasMessageContaining("sizeBytes");
        assertThatThrownBy(() -> new Doubler(context).execute(missing, StepContext.of(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the state is not a In")
                .hasMessageContaining("jobId");
    }
}
