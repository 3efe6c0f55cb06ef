package dev.tandem.pipelines.linemaintenance.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.problem.ContractViolationException;
import dev.tandem.contracts.problem.FieldError;
import dev.tandem.contracts.validation.ContractValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The telemetry contract through the platform's own validator (what {@code POST /v1/jobs} runs): a valid batch becomes
 * the job's submission; every bad batch is refused naming the field to fix, and nothing is kept.
 */
class TelemetryContractTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    private static final TelemetryContract CONTRACT = new TelemetryContract(LineRegistry.shipped(), CLOCK);

    /** The contract under its pipeline's name; the blueprint is the SPI's example until the pipeline's own lands. */
    private static final ContractValidator VALIDATOR = ContractValidator.load(List.of(new PipelineDefinition() {
        @Override
        public String name() {
            return "line-maintenance";
        }

        @Override
        public Blueprint blueprint() {
            return new ExamplePipeline().blueprint();
        }

        @Override
        public InputContract<?> input() {
            return CONTRACT;
        }
    }));

    static ObjectNode sample(String name) throws IOException {
        try (InputStream in = TelemetryContractTest.class.getResourceAsStream("/samples/line-maintenance/" + name)) {
            return (ObjectNode) Json.mapper().readTree(in);
        }
    }

    private static List<FieldError> refused(Consumer<ObjectNode> change) throws IOException {
        return refused("normal-line.json", change);
    }

    /** The errors of a changed sample, which must be refused with a 400. */
    private static List<FieldError> refused(String sample, Consumer<ObjectNode> change) throws IOException {
        ObjectNode body = sample(sample);
        change.accept(body);
        ContractViolationException e = catchThrowableOfType(ContractViolationException.class,
                () -> VALIDATOR.parseSubmission(Json.write(body).getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("refused: %s", body).isNotNull();
        assertThat(e.problem().status()).isEqualTo(400);
        return e.problem().errors();
    }

    private static ObjectNode reading(ObjectNode body, int machine, int reading) {
        return (ObjectNode) body.at("/machines/" + machine + "/readings/" + reading);
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal-line.json", "bearing-degradation-1.json", "bearing-degradation-2.json", "bearing-degradation-3.json",
            "sudden-overheating.json", "sensor-dropout.json", "under-maintenance.json"})
    void everySample_isAValidBatch_andTheJobKeepsItWithItsLine(String name) throws IOException {
        ObjectNode body = sample(name);
        var parsed = VALIDATOR.parseSubmission(Json.write(body).getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.pipeline()).isEqualTo("line-maintenance");
        assertThat(parsed.submission().attributes()).containsEntry("line", "line-a").containsEntry("machines", "4");
        assertThat(parsed.submission().metadata()).containsEntry("batchId", body.path("batchId").asText());
        TelemetryBatch kept = Json.read(new String(parsed.submission().payload(), StandardCharsets.UTF_8), TelemetryBatch.class);
        assertThat(kept.readingCount()).isEqualTo(48);
    }

    @Test
    void anUnknownLineOrMachine_isNamed_withWhatIsRegistered() throws IOException {
        assertThat(refused(b -> b.put("lineId", "line-z"))).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/lineId");
            assertThat(e.message()).contains("no line line-z").contains("line-a");
        });
        assertThat(refused(b -> ((ObjectNode) b.at("/machines/2")).put("machineId", "lathe-9"))).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/machines/2/machineId");
            assertThat(e.message()).contains("no machine lathe-9").contains("conveyor-1");
        });
        assertThat(refused(b -> ((ObjectNode) b.at("/machines/1")).put("machineId", "press-1")))
                .extracting(FieldError::pointer).containsExactly("/machines/1/machineId");
    }

    @Test
    void readingsOutOfOrder_duplicated_inTheFuture_orACounterGoingBack_areRefused() throws IOException {
        assertThat(refused(b -> reading(b, 0, 3).put("at", "2026-11-30T08:05:00Z"))).extracting(FieldError::pointer)
                .contains("/machines/0/readings/3/at");
        assertThat(refused(b -> reading(b, 0, 3).put("at", reading(b, 0, 2).path("at").asText()))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("duplicates the reading before"));
        assertThat(refused(b -> reading(b, 1, 11).put("at", "2026-12-01T12:06:00Z"))).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/machines/1/readings/11/at");
            assertThat(e.message()).contains("in the future");
        });
        // Within the allowed clock skew is fine.
        ObjectNode skewed = sample("normal-line.json");
        reading(skewed, 1, 11).put("at", "2026-12-01T12:04:00Z");
        assertThat(VALIDATOR.parseSubmission(Json.write(skewed).getBytes(StandardCharsets.UTF_8)).pipeline()).isEqualTo("line-maintenance");
        assertThat(refused(b -> reading(b, 3, 5).put("cycleCount", 1))).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/machines/3/readings/5/cycleCount");
            assertThat(e.message()).contains("never goes back");
        });
    }

    @Test
    void wrongUnits_outOfRangeOrNonNumericValues_andAnEmptyBatch_areRefusedByTheSchema() throws IOException {
        assertThat(refused(b -> ((ObjectNode) b.path("units")).put("bearingTemperature", "degF"))).extracting(FieldError::pointer)
                .containsExactly("/units/bearingTemperature");
        // A number too large for a double (Infinity once parsed) is out of range, and so is a negative vibration.
        assertThat(refused(b -> reading(b, 0, 0).set("vibrationRms", Json.mapper().getNodeFactory().numberNode(new java.math.BigDecimal("1e400")))))
                .extracting(FieldError::pointer).containsExactly("/machines/0/readings/0/vibrationRms");
        assertThat(refused(b -> reading(b, 0, 0).put("motorCurrent", -1))).extracting(FieldError::pointer)
                .containsExactly("/machines/0/readings/0/motorCurrent");
        assertThat(refused(b -> reading(b, 0, 0).put("motorCurrent", "NaN"))).extracting(FieldError::pointer)
                .containsExactly("/machines/0/readings/0/motorCurrent");
        assertThat(refused(b -> b.set("machines", Json.mapper().createArrayNode()))).extracting(FieldError::pointer).containsExactly("/machines");
        assertThat(refused(b -> ((ArrayNode) b.at("/machines/0/readings")).removeAll())).extracting(FieldError::pointer)
                .containsExactly("/machines/0/readings");
        assertThat(refused(b -> b.put("extra", true))).isNotEmpty();
    }

    private static List<FieldError> refusedOverrides(Consumer<ObjectNode> change) throws IOException {
        return refused("operator-overrides.json", change);
    }

    @Test
    void anOperatorsOverrides_areAJobOfTheirOwn_eachMachineOnce_aRegisteredOne_withAKnownActionAndAReason() throws IOException {
        var parsed = VALIDATOR.parseSubmission(Json.write(sample("operator-overrides.json")).getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.submission().attributes()).containsEntry("line", "line-a").containsEntry("machines", "0").containsEntry("overrides", "2");
        TelemetryBatch kept = Json.read(new String(parsed.submission().payload(), StandardCharsets.UTF_8), TelemetryBatch.class);
        assertThat(kept.overrides()).extracting(TelemetryBatch.Override::action)
                .containsExactly(TelemetryBatch.OverrideAction.CLOSE_WORK_ORDER, TelemetryBatch.OverrideAction.HOLD_DERATED);

        assertThat(refusedOverrides(b -> ((ObjectNode) b.at("/overrides/0")).put("machineId", "lathe-9"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.pointer()).isEqualTo("/overrides/0/machineId");
                    assertThat(e.message()).contains("no machine lathe-9");
                });
        assertThat(refusedOverrides(b -> ((ObjectNode) b.at("/overrides/1")).put("machineId", "robot-1"))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("overridden twice"));
        assertThat(refusedOverrides(b -> ((ObjectNode) b.at("/overrides/0")).put("action", "SKIP_INSPECTION")))
                .extracting(FieldError::pointer).containsExactly("/overrides/0/action");
        assertThat(refusedOverrides(b -> ((ObjectNode) b.at("/overrides/0")).put("reason", "   "))).singleElement()
                .satisfies(e -> assertThat(e.pointer()).isEqualTo("/overrides/0/reason"));
        JsonNode readings = sample("normal-line.json").get("machines");
        assertThat(refusedOverrides(b -> b.set("machines", readings))).filteredOn(e -> e.pointer().equals("/overrides")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("in a job of their own"));
    }

    @Test
    void aSensorThatDidNotReport_isNull_andValid_butANonFiniteValueIsNot() {
        TelemetryBatch.Reading ok = new TelemetryBatch.Reading(Instant.parse("2026-11-30T08:00:00Z"), null, 50.0, 8.0, 1);
        TelemetryBatch.Reading nan = new TelemetryBatch.Reading(Instant.parse("2026-11-30T08:05:00Z"), Double.NaN, 50.0, Double.POSITIVE_INFINITY, 2);
        TelemetryBatch batch = new TelemetryBatch("line-a", "b-1", TelemetryBatch.Units.CONTRACT,
                List.of(new TelemetryBatch.MachineTelemetry("robot-1", List.of(ok, nan))));

        assertThat(CONTRACT.check(batch)).extracting(FieldError::pointer)
                .containsExactly("/machines/0/readings/1/vibrationRms", "/machines/0/readings/1/motorCurrent");
    }

    @Test
    void theSchema_isTheOneTheContractNames_andDraft2020() throws IOException {
        try (InputStream in = TelemetryContract.class.getResourceAsStream(TelemetryContract.SCHEMA)) {
            JsonNode schema = Json.mapper().readTree(in);
            assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.at("/properties/units/properties/vibrationRms/const").asText()).isEqualTo(TelemetryBatch.Units.CONTRACT.vibrationRms());
        }
    }
}
