package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.pipelines.linemaintenance.model.MachineScore;
import dev.tandem.pipelines.linemaintenance.model.RobustZModel;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.util.List;
import java.util.Objects;

/** What the pipeline's function steps leave in the workflow state, each at its blueprint step's result key. */
public final class StepResults {

    private StepResults() {
    }

    /** One machine of the batch, a Map item of Score: its readings are a claim check, not state. */
    public record MachineItem(String jobId, String lineId, String machineId, PayloadRef readings) {
        public MachineItem {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(machineId, "machineId");
            Objects.requireNonNull(readings, "readings");
        }
    }

    /** Prepare's result ({@code $.prepared}): the machines to score (none in a job of overrides) and an operator's overrides. */
    public record Prepared(String lineId, String batchId, List<MachineItem> machines, List<TelemetryBatch.Override> overrides, String function) {
        public Prepared {
            machines = List.copyOf(machines);
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }
    }

    /** Score's result per machine ({@code $.scores[i]}). */
    public record Scored(MachineScore score, String function, String provider) {
        public Scored {
            Objects.requireNonNull(score, "score");
            // A score recorded before providers were: the embedded model was the only one.
            provider = provider == null ? RobustZModel.PROVIDER : provider;
        }
    }

    /**
     * Assess's result ({@code $.assessment}): what the agent is told, and the evidence it checks it against.
     *
     * @param lineId       the line (the job's {@code line} attribute)
     * @param modelVersion the model that scored the machines ({@link MachineScore#versions}: several, comma-separated,
     *                     where a hosted model's endpoint was being updated)
     * @param machines     the machines scored, in the batch's order
     * @param overridden   the machines an operator overrides, in the job's order (a job has machines or overrides)
     * @param evidence     the scores and the overrides ({@link dev.tandem.pipelines.linemaintenance.DecisionEvidence}), the
     *                     decision's evidence
     * @param maxScore     the highest machine score
     */
    public record Assessment(String lineId, String modelVersion, List<String> machines, List<String> overridden, PayloadRef evidence,
                             double maxScore, String function) {
        public Assessment {
            machines = List.copyOf(machines);
            overridden = overridden == null ? List.of() : List.copyOf(overridden);
        }
    }
}
