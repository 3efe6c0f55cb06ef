package dev.tandem.pipelines.linemaintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cdk.orchestration.WorkflowDefinition;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.ItemGovernedStep;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.pipeline.spi.Sample;
import dev.tandem.contracts.placement.PlacementAdvisor;
import dev.tandem.contracts.placement.PricingTable;
import dev.tandem.contracts.validation.ContractValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline as the platform sees it: registered, consistent, its workflow generated and advised, its samples its table. */
class LineMaintenancePipelineTest {

    private static final PipelineDefinition PIPELINE = Pipelines.named(LineMaintenancePipeline.NAME);

    @Test
    void isRegistered_andItsDeclarationsFitTogether() {
        assertThat(PIPELINE).isInstanceOf(LineMaintenancePipeline.class);
        PIPELINE.check();
        assertThat(PIPELINE.functions()).extracting(f -> f.name())
                .containsExactly("Prepare", "ScoreMachine", "Assess", "RequestReview", "Finalize", "MarkFailed");
        assertThat(PIPELINE.governedStepFor(PIPELINE.blueprint().step("Decide"))).isInstanceOf(ItemGovernedStep.class);
        assertThat(LineMaintenancePipeline.class.getClassLoader().getResource("policies/line-maintenance/decide/1.0.0/bundle.json"))
                .as("the policy bundle ships with the pipeline").isNotNull();
        assertThat(PIPELINE.samplesInOrder()).isTrue();
    }

    @Test
    void itsWorkflow_isGeneratedFromTheBlueprint_andThePlacementsAreTheAdvisorsOwn() {
        String asl = WorkflowDefinition.generate(PIPELINE, new PlacementAdvisor(PricingTable.defaults()));
        var states = Json.read(asl, com.fasterxml.jackson.databind.JsonNode.class).path("States");

        assertThat(states.at("/Decide/Resource").asText()).isEqualTo("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        assertThat(states.at("/Decide/Parameters/MessageBody/attributes/machines.$").asText()).isEqualTo("$.assessment.machines");
        assertThat(states.at("/Score/ItemsPath").asText()).isEqualTo("$.prepared.machines");
        assertThat(states.at("/SupervisorReview/TimeoutSeconds").asLong()).isEqualTo(LineMaintenanceBlueprint.SUPERVISOR_WINDOW.toSeconds());
        assertThat(states.at("/SupervisorReview/Catch/0/Next").asText()).isEqualTo("Finalize");
        assertThat(PIPELINE.blueprint().step("Decide").placement()).isEqualTo(Placement.AGENT);
    }

    @Test
    void itsSamples_areTheSamplesTable_inOrder_andValidAgainstItsInputContract() throws IOException {
        Map<String, String[]> table = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/samples/line-maintenance/README.md")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] cells = line.split("\\|");
                if (cells.length > 6 && cells[1].trim().endsWith(".json`")) {
                    table.put(cells[1].trim().replace("`", ""), cells);
                }
            }
        }
        ContractValidator validator = ContractValidator.load(List.of(PIPELINE));

        assertThat(PIPELINE.samples()).extracting(Sample::name).containsExactlyElementsOf(table.keySet());
        for (Sample sample : PIPELINE.samples()) {
            String[] row = table.get(sample.name());
            List<String> notContinuing = new ArrayList<>();
            sample.items().forEach((item, decision) -> {
                if (!decision.equals(LineMaintenanceGovernance.CONTINUE)) {
                    notContinuing.add(item.substring(item.indexOf('/') + 1) + " " + decision);
                }
            });
            List<String> named = new ArrayList<>();
            for (String machine : LineMaintenanceSamples.MACHINES) {
                for (String decision : LineMaintenanceGovernance.DECISIONS) {
                    if (row[4].contains(machine + " " + decision)) {
                        named.add(machine + " " + decision);
                    }
                }
            }
            assertThat(named).as(sample.name()).containsExactlyInAnyOrderElementsOf(notContinuing);
            assertThat(sample.decision().name()).as(sample.name()).isEqualTo(row[5].trim());
            assertThat(sample.status().name()).as(sample.name()).isEqualTo(row[6].trim());
            assertThat(validator.parseSubmission(sample.body().getBytes(StandardCharsets.UTF_8)).submission().attributes())
                    .containsEntry("line", "line-a");
        }
    }
}
