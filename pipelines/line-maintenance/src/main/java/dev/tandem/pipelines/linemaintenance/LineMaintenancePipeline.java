package dev.tandem.pipelines.linemaintenance;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.pipeline.spi.FunctionStep;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.KpiTargets;
import dev.tandem.contracts.pipeline.spi.LibrarySteps;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Sample;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryContract;
import java.time.Clock;

import java.util.EnumSet;
import java.util.List;

/**
 * Operational decision support for a production line, registered through {@code META-INF/services}: a line's telemetry
 * batch in, a governed decision per machine out (CONTINUE, SCHEDULE_MAINTENANCE, DERATE, STOP_LINE), published as events.
 */
public final class LineMaintenancePipeline implements PipelineDefinition {

    public static final String NAME = LineMaintenanceBlueprint.NAME;

    /** Holds the batch to the telemetry contract again and writes each machine's readings. */
    public static final FunctionStep PREPARE = new FunctionStep("Prepare", "dev.tandem.pipelines.linemaintenance.steps.PrepareHandler",
            EnumSet.of(Grant.JOBS_WRITE, Grant.DOCUMENTS_WRITE));
    /** The anomaly model over one machine's readings. */
    public static final FunctionStep SCORE_MACHINE = new FunctionStep("ScoreMachine",
            "dev.tandem.pipelines.linemaintenance.steps.ScoreMachineHandler", EnumSet.of(Grant.DOCUMENTS_READ, Grant.MODEL_ENDPOINT));
    /** Writes the scores as the decision's evidence and reports the model's work. */
    public static final FunctionStep ASSESS = new FunctionStep("Assess", "dev.tandem.pipelines.linemaintenance.steps.AssessHandler",
            EnumSet.of(Grant.JOBS_WRITE, Grant.DOCUMENTS_WRITE));
    /** Settles the actions, publishes them and the work orders, lineage, audit, final status. */
    public static final FunctionStep FINALIZE = new FunctionStep("Finalize", "dev.tandem.pipelines.linemaintenance.steps.FinalizeHandler",
            EnumSet.of(Grant.JOBS_WRITE, Grant.AUDIT_WRITE, Grant.LINEAGE_WRITE, Grant.REVIEWS_WRITE, Grant.EVENTS));

    private final TelemetryContract input = new TelemetryContract(LineRegistry.shipped(), Clock.systemUTC());

    @Override
    public Blueprint blueprint() {
        return LineMaintenanceBlueprint.blueprint();
    }

    @Override
    public InputContract<?> input() {
        return input;
    }

    @Override
    public List<FunctionStep> functions() {
        return List.of(PREPARE, SCORE_MACHINE, ASSESS, LibrarySteps.REQUEST_REVIEW, FINALIZE, LibrarySteps.MARK_FAILED);
    }

    @Override
    public List<GovernedStep<?>> governedSteps() {
        return List.of(new LineMaintenanceGovernance(blueprint()));
    }

    /**
     * A line acts on a decision within its batch cycle: a batch decided within {@link LineMaintenanceBlueprint#DECISION_SLO} of
     * its submission at p99 (an alarm watches it); ended within the supervisor's window and a minute at p99; a tenth of a
     * cent a batch.
     */
    @Override
    public KpiTargets kpiTargets() {
        return new KpiTargets(LineMaintenanceBlueprint.SUPERVISOR_WINDOW.plusMinutes(1), 0.001, LineMaintenanceBlueprint.DECISION_SLO);
    }

    /** The anomaly model ships with the functions: the release manifest names it, and a rollback of the functions brings it back. */
    @Override
    public java.util.Map<String, String> releaseVersions() {
        return java.util.Map.of("anomalyModel", dev.tandem.pipelines.linemaintenance.model.RobustZModel.VERSION);
    }

    /** Lines push their batches: a gateway may put each batch on the event bus instead of calling the API. */
    @Override
    public boolean acceptsEvents() {
        return true;
    }

    /** Each sample's decisions depend on what the batches before it left in the machines' states. */
    @Override
    public boolean samplesInOrder() {
        return true;
    }

    @Override
    public List<Sample> samples() {
        return LineMaintenanceSamples.all();
    }

}
