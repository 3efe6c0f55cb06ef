package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.contracts.problem.FieldError;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryContract;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepare: reads the batch (checking its claim-check digest), holds it to the telemetry contract again (the line registry this
 * function ships with is the one the scores are computed against) and writes each machine's readings as its own object,
 * so each Map item carries a claim check, not readings.
 */
@Singleton
public class Prepare {

    public static final String STEP = "Prepare";

    private final Payloads payloads;
    private final JobTable jobs;
    private final TelemetryContract contract = new TelemetryContract(LineRegistry.shipped(), Clock.systemUTC());

    public Prepare(Payloads payloads, JobTable jobs) {
        this.payloads = payloads;
        this.jobs = jobs;
    }

    public StepResults.Prepared run(WorkflowInput input, StepContext context) {
        Instant started = Instant.now();
        jobs.stepStarted(input.jobId(), STEP, started, JobStatus.RUNNING);
        byte[] raw = payloads.read(input.payload().uri());
        if (!Digests.sha256Hex(raw).equals(input.payload().sha256())) {
            throw new IntegrityException("the batch of job " + input.jobId() + " does not match its recorded SHA-256");
        }
        TelemetryBatch batch = Json.read(new String(raw, StandardCharsets.UTF_8), TelemetryBatch.class);
        List<FieldError> problems = contract.check(batch);
        if (!problems.isEmpty()) {
            // The API accepted it against the registry it deployed with; a registry changed since is not retried.
            throw new IntegrityException("the batch of job " + input.jobId() + " no longer fits the line registry: " + problems);
        }
        List<StepResults.MachineItem> machines = new ArrayList<>();
        for (TelemetryBatch.MachineTelemetry m : batch.machines()) {
            PayloadRef readings = payloads.putJson("readings", "jobs/" + input.jobId() + "/machines/" + m.machineId() + ".json", m.readings());
            machines.add(new StepResults.MachineItem(input.jobId(), batch.lineId(), m.machineId(), readings));
        }
        jobs.stepEnded(input.jobId(), STEP, started, Instant.now(), StepProgress.State.SUCCEEDED);
        return new StepResults.Prepared(batch.lineId(), batch.batchId(), machines, batch.overrides(), context.function());
    }

    /** The stored batch is not the one accepted. Not retried: the workflow fails the job. */
    public static final class IntegrityException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntegrityException(String message) {
            super(message);
        }
    }
}
