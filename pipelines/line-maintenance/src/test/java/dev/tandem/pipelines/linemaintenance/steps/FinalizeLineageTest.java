package dev.tandem.pipelines.linemaintenance.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.lineage.LineageGraph;
import dev.tandem.contracts.lineage.LineageNode;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.functions.jobs.JobRecord;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.pipelines.linemaintenance.model.MachineScore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job's lineage names each model that scored it, and which machine each scored, with the model's provider. */
class FinalizeLineageTest {

    private static MachineScore score(String machine, String model) {
        return new MachineScore(machine, model, 0.4, Map.of(), 60.0, false, List.of(), 12);
    }

    @Test
    void aBatchScoredWhileTheEndpointShiftedVersions_hasAModelNodePerVersion_andEachInvocationItsOwn() {
        List<StepResults.Scored> scored = List.of(
                new StepResults.Scored(score("press-1", "iforest-line@3.1.0"), "ScoreMachine:7", "sagemaker:line-anomaly"),
                new StepResults.Scored(score("press-2", "iforest-line@3.2.0"), "ScoreMachine:7", "sagemaker:line-anomaly"),
                new StepResults.Scored(score("robot-1", "iforest-line@3.1.0"), "ScoreMachine:7", "sagemaker:line-anomaly"));
        JsonNode state = Json.mapper().valueToTree(Map.of("prepared", Map.of("function", "Prepare:7"), "scores", scored));
        PayloadRef batch = new PayloadRef("batch", "s3://bucket/jobs/j-1/batch.json", "0".repeat(64), 2048);
        StepResults.Assessment assessment = new StepResults.Assessment("line-a", MachineScore.versions(scored.stream().map(StepResults.Scored::score).toList()),
                List.of("press-1", "press-2", "robot-1"), List.of(), batch, 0.4, "Assess:7");
        JobRecord job = new JobRecord("j-1", "line-maintenance", "gateway-line-a", Map.of("line", "line-a"), JobStatus.RUNNING,
                Instant.EPOCH, Instant.EPOCH, batch, null, Map.of(), null, List.of(), null, null, null);
        PolicyDecision decision = new PolicyDecision(Outcome.ALLOW, "1.2.0+abc", List.of("continue"), "1".repeat(64), null, "agent:1",
                Instant.EPOCH);

        LineageGraph graph = Finalize.graph("j-1", job, state, assessment, decision, Json.mapper().createObjectNode(), List.of(),
                new StepContext("Finalize", "7"));

        assertThat(assessment.modelVersion()).isEqualTo("iforest-line@3.1.0,iforest-line@3.2.0");
        assertThat(graph.nodes()).filteredOn(n -> n.kind() == LineageNode.Kind.MODEL).extracting(LineageNode::id)
                .containsExactly("model:iforest-line@3.1.0", "model:iforest-line@3.2.0");
        assertThat(graph.nodes()).filteredOn(n -> n.kind() == LineageNode.Kind.MODEL)
                .allSatisfy(n -> assertThat(n.attributes()).containsEntry("provider", "sagemaker:line-anomaly"));
        assertThat(graph.edges()).filteredOn(e -> e.relation().equals("USED_MODEL")).extracting(e -> e.from() + "->" + e.to())
                .containsExactly("model-invocation:press-1->model:iforest-line@3.1.0", "model-invocation:press-2->model:iforest-line@3.2.0",
                        "model-invocation:robot-1->model:iforest-line@3.1.0");
    }
}
