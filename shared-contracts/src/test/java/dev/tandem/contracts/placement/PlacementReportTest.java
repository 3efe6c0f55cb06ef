package dev.tandem.contracts.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlacementReportTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(java.util.List<dev.tandem.contracts.blueprint.Blueprint> blueprints) {
        return PlacementReport.report(blueprints, PricingTable.defaults(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void defaultBlueprint_printsTheTableAndExitsZero() {
        int code = run(PlacementReport.registered());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(PlacementReport.OK);
        // The registered pipelines: here the example this module's tests register.
        assertThat(text).contains("Pipeline example 0.1.0, prices us-east-1 as of 2025-06-01");
        assertThat(text).containsPattern("(?m)^step\\s+kind\\s+declared\\s+advised\\s+fn \\$/1k\\s+agent \\$/1k");
        assertThat(text).containsPattern("(?m)^Decide\\s+TASK\\s+AGENT\\s+AGENT\\s+\\$\\d+\\.\\d{4}\\s+\\$\\d+\\.\\d{4}");
        assertThat(text).containsPattern("(?m)^Check\\s+TASK\\s+FUNCTION\\s+FUNCTION");
        assertThat(text).contains("Decide: stateful").contains("OK: every declared placement agrees with the advisor.");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void contradictingBlueprint_exitsOneAndNamesTheStep() {
        int code = run(java.util.List.of(PlacementReport.loadBlueprint(ContradictingBlueprint.class.getName())));

        assertThat(code).isEqualTo(PlacementReport.CONTRADICTION);
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("Govern\\s+TASK\\s+FUNCTION\\s+AGENT  <-- contradiction");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("CONTRADICTION: step Govern is declared FUNCTION but the advisor says AGENT: stateful")
                .contains("1 step(s) contradict the advisor");
    }

    @Test
    void aClassThatIsNoBlueprintFactory_isRefusedWithWhatIsWrong() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlacementReport.loadBlueprint("no.such.Blueprint"))
                .hasMessage("blueprint class no.such.Blueprint is not on the classpath");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlacementReport.loadBlueprint(String.class.getName()))
                .hasMessageContaining("has no public static Blueprint blueprint() method");
    }
}
