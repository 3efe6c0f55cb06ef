package dev.tandem.pipelines.linemaintenance.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.contracts.json.Json;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded anomaly model: its arithmetic by hand, and what it scores for the samples (their README's model column). */
class RobustZModelTest {

    private static final LineRegistry.Line LINE = LineRegistry.shipped().line("line-a").orElseThrow();
    private static final RobustZModel MODEL = new RobustZModel();

    private static Map<String, MachineScore> scores(String sample) throws IOException {
        try (InputStream in = RobustZModelTest.class.getResourceAsStream("/samples/line-maintenance/" + sample)) {
            TelemetryBatch batch = Json.mapper().readValue(in, TelemetryBatch.class);
            Map<String, MachineScore> out = new LinkedHashMap<>();
            batch.machines().forEach(m -> out.put(m.machineId(), MODEL.score(LINE.machines().get(m.machineId()), m.readings())));
            return out;
        }
    }

    private static TelemetryBatch.Reading at(int minute, Double vibration, Double temperature) {
        return new TelemetryBatch.Reading(Instant.parse("2026-11-30T08:00:00Z").plusSeconds(60L * minute), vibration, temperature, 8.5, minute);
    }

    @Test
    void aSignalsScore_isTheSmoothedRobustZ_workedOutByHand() {
        LineRegistry.Machine robot = LINE.machines().get("robot-1");
        double sigma = 1.4826 * 0.15; // robot-1's vibration MAD
        // z = 0, then 10: EWMA = 0.3 x 10 + 0.7 x 0 = 3.
        MachineScore s = MODEL.score(robot, List.of(at(0, 1.1, 50.0), at(1, 1.1 + 10 * sigma, 50.0)));
        assertThat(s.signals().get("vibrationRms")).isCloseTo(3.0, within(1e-3));
        assertThat(s.signals().get("bearingTemperature")).isZero();
        assertThat(s.score()).isCloseTo(3.0, within(1e-3));
        assertThat(s.model()).isEqualTo(RobustZModel.VERSION);
        // One spike in the middle fades: z = 0, 10, 0, 0 gives 0.7 x 0.7 x 3 = 1.47.
        MachineScore spike = MODEL.score(robot, List.of(at(0, 1.1, 50.0), at(1, 1.1 + 10 * sigma, 50.0), at(2, 1.1, 50.0), at(3, 1.1, 50.0)));
        assertThat(spike.score()).isCloseTo(1.47, within(1e-3));
        // Deterministic.
        assertThat(MODEL.score(robot, List.of(at(0, 1.1, 50.0), at(1, 1.1 + 10 * sigma, 50.0)))).isEqualTo(s);
    }

    @Test
    void aNormalLine_scoresLow_everywhere() throws IOException {
        assertThat(scores("normal-line.json").values()).allSatisfy(s -> {
            assertThat(s.score()).as(s.machineId()).isLessThan(1.5);
            assertThat(s.overSafetyLimit()).isFalse();
            assertThat(s.droppedSignals()).isEmpty();
        });
    }

    @Test
    void aSlowBearingDegradation_climbsAcrossBatches_throughTheBands() throws IOException {
        double first = scores("bearing-degradation-1.json").get("press-2").score();
        double second = scores("bearing-degradation-2.json").get("press-2").score();
        double third = scores("bearing-degradation-3.json").get("press-2").score();
        assertThat(first).isLessThan(3);
        assertThat(second).isGreaterThanOrEqualTo(3).isLessThan(6);
        assertThat(third).isGreaterThanOrEqualTo(6);
        assertThat(scores("bearing-degradation-3.json").get("press-1").score()).as("the other machines stay normal").isLessThan(1.5);
    }

    @Test
    void suddenOverheating_crossesTheSafetyLimit_andADropoutIsNamed() throws IOException {
        MachineScore conveyor = scores("sudden-overheating.json").get("conveyor-1");
        assertThat(conveyor.overSafetyLimit()).isTrue();
        assertThat(conveyor.maxBearingTemperature()).isEqualTo(97.0);
        Map<String, MachineScore> dropout = scores("sensor-dropout.json");
        assertThat(dropout.get("robot-1").droppedSignals()).containsExactly("vibrationRms");
        assertThat(dropout.get("robot-1").readings()).isEqualTo(12);
        assertThat(dropout.get("press-1").droppedSignals()).isEmpty();
        MachineScore rough = scores("under-maintenance.json").get("press-1");
        assertThat(rough.score()).isGreaterThan(1.5).isLessThan(3);
    }
}
