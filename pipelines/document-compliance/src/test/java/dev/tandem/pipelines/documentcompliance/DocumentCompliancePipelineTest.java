package dev.tandem.pipelines.documentcompliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepKind;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Sample;
import dev.tandem.contracts.validation.ContractValidator;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.placement.PlacementAdvisor;
import dev.tandem.contracts.placement.PlacementReport;
import dev.tandem.contracts.placement.PricingTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reference pipeline as the SPI sees it: registered, consistent, and placed as the advisor would place it. */
class DocumentCompliancePipelineTest {

    private static final PipelineDefinition PIPELINE = Pipelines.named(DocumentComplianceBlueprint.NAME);
    private static final PlacementAdvisor ADVISOR = new PlacementAdvisor(PricingTable.defaults());

    @Test
    void isRegistered_andItsDeclarationsFitTogether() {
        assertThat(PIPELINE).isInstanceOf(DocumentCompliancePipeline.class);
        PIPELINE.check();
        assertThat(PIPELINE.functions()).extracting(f -> f.name())
                .containsExactly("Extract", "AnalyzeChunk", "Assess", "RequestReview", "Finalize", "MarkFailed");
        assertThat(PIPELINE.governedStepFor(PIPELINE.blueprint().step("Govern")).bundle().folder())
                .isEqualTo("policies/document-compliance/govern/1.1.0/");
        assertThat(DocumentCompliancePipeline.class.getClassLoader().getResource("policies/document-compliance/govern/1.1.0/bundle.json"))
                .as("the policy bundle ships with the pipeline").isNotNull();
    }

    @Test
    void itsSamples_areTheSamplesTable_andValidAgainstItsInputContract() throws Exception {
        Map<String, String> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "..", "samples", "README.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length > 3 && cells[1].trim().endsWith(".txt")) {
                table.put(cells[1].trim(), cells[3].trim().split(" / ")[0].split("\\s+")[0]);
            }
        }
        ContractValidator validator = ContractValidator.load(List.of(PIPELINE));
        List<Sample> samples = PIPELINE.samples();

        assertThat(samples).extracting(Sample::name).containsExactlyElementsOf(table.keySet());
        for (Sample sample : samples) {
            String expected = table.get(sample.name());
            assertThat(sample.decision() == null ? "ALLOW" : sample.decision().name()).as(sample.name()).isEqualTo(expected);
            assertThat(sample.review() != null).as(sample.name() + " waits for a review").isEqualTo(expected.equals("REVIEW_REQUIRED"));
            assertThat(sample.status()).isEqualTo(expected.equals("DENY") ? JobStatus.REJECTED : JobStatus.COMPLETED);
            var submission = validator.parseSubmission(sample.body().getBytes(StandardCharsets.UTF_8)).submission();
            assertThat(new String(submission.payload(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(Path.of("..", "..", "samples", sample.name()), StandardCharsets.UTF_8));
            assertThat(submission.attributes()).containsEntry(LibraryInputs.PURPOSE, DocumentComplianceSamples.PURPOSE.wireName());
        }
    }

    @Test
    void declaresTheArchitectureSteps() {
        Blueprint b = DocumentComplianceBlueprint.blueprint();

        assertThat(b.name()).isEqualTo("document-compliance");
        assertThat(b.all().map(Step::name)).containsExactly("Ingest", "Extract", "Analyze", "Assess", "RouteByRisk",
                "Govern", "RouteByDecision", "HumanReview", "Finalize", "MarkFailed");
        assertThat(b.step("Govern").placement()).isEqualTo(Placement.AGENT);
        assertThat(b.step("Govern").heartbeat()).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.step("Analyze").kind()).isEqualTo(StepKind.MAP);
        assertThat(b.step("Analyze").maxConcurrency()).isEqualTo(8);
        assertThat(b.step("HumanReview").kind()).isEqualTo(StepKind.WAIT_FOR_REVIEW);
        assertThat(b.step("HumanReview").timeoutNext()).isEqualTo("Finalize");
        assertThat(b.step("RouteByRisk").otherwise()).isEqualTo("Finalize");
        assertThat(b.step("Extract").retry().jitter()).isTrue();
        assertThat(b.step("Finalize").isEnd()).isTrue();
    }

    @Test
    void hasNoContradictions_andGovernIsTheOnlyAgentStep() {
        var review = ADVISOR.review(DocumentComplianceBlueprint.blueprint());

        assertThat(ADVISOR.contradictions(DocumentComplianceBlueprint.blueprint())).isEmpty();
        assertThat(review.entrySet().stream().filter(e -> e.getValue().placement() == Placement.AGENT)
                .map(e -> e.getKey().name())).containsExactly("Govern");
    }

    @Test
    void placementReport_showsItsStepsDeclaredAndAdvised() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PlacementReport.report(PlacementReport.registered(), dev.tandem.contracts.placement.PricingTable.defaults(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(PlacementReport.OK);
        assertThat(text).contains("Pipeline document-compliance 1.0.0, prices us-east-1 as of 2025-06-01");
        assertThat(text).containsPattern("(?m)^Govern\\s+TASK\\s+AGENT\\s+AGENT\\s+\\$\\d+\\.\\d{4}\\s+\\$\\d+\\.\\d{4}");
        assertThat(text).containsPattern("(?m)^Analyze\\s+MAP\\s+FUNCTION\\s+FUNCTION");
        assertThat(text).contains("Govern: stateful").contains("OK: every declared placement agrees with the advisor.");
        assertThat(text).doesNotContain("RouteByRisk");
    }
}
