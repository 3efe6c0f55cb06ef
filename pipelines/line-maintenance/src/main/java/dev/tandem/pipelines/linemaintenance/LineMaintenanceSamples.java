package dev.tandem.pipelines.linemaintenance;

import static dev.tandem.contracts.api.JobStatus.COMPLETED;
import static dev.tandem.contracts.pipeline.Outcome.ALLOW;
import static dev.tandem.contracts.pipeline.Outcome.REVIEW_REQUIRED;
import static dev.tandem.pipelines.linemaintenance.LineMaintenanceGovernance.CONTINUE;
import static dev.tandem.pipelines.linemaintenance.LineMaintenanceGovernance.DERATE;
import static dev.tandem.pipelines.linemaintenance.LineMaintenanceGovernance.SCHEDULE_MAINTENANCE;
import static dev.tandem.pipelines.linemaintenance.LineMaintenanceGovernance.STOP_LINE;

import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.ReviewDecisionRequest.Verdict;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.spi.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample batches of line {@code line-a} (packaged under {@code samples/line-maintenance/}), in the order they run: each
 * one's decisions depend on the machines' states the ones before it left. The table in the samples' README says why each
 * machine gets its decision; a test keeps the two agreeing. The sequence leaves the states where a second run finds them
 * fit to run again (the first batch reads every machine healthy, which closes the work orders the last run opened; the
 * last releases the operator's hold).
 */
public final class LineMaintenanceSamples {

    /** The role the bundle requires of whoever overrides a machine's state. */
    static final String OPERATOR = "operator";

    /** The line's machines, in the batches' order. */
    static final List<String> MACHINES = List.of("press-1", "press-2", "conveyor-1", "robot-1");

    private LineMaintenanceSamples() {
    }

    public static List<Sample> all() {
        return List.of(
                sample("normal-line.json", COMPLETED, ALLOW, null, Map.of()),
                sample("bearing-degradation-1.json", COMPLETED, ALLOW, null, Map.of()),
                sample("bearing-degradation-2.json", COMPLETED, ALLOW, null, Map.of("press-2", SCHEDULE_MAINTENANCE)),
                sample("bearing-degradation-3.json", COMPLETED, ALLOW, null, Map.of("press-2", DERATE)),
                sample("sudden-overheating.json", COMPLETED, ALLOW, null, Map.of("conveyor-1", STOP_LINE, "press-2", DERATE)),
                sample("sensor-dropout.json", COMPLETED, ALLOW, null, Map.of("robot-1", SCHEDULE_MAINTENANCE, "conveyor-1", DERATE)),
                sample("under-maintenance.json", COMPLETED, ALLOW, null, Map.of()),
                overrides("operator-overrides.json", Map.of("robot-1", CONTINUE, "press-1", DERATE)),
                sample("runaway-vibration.json", COMPLETED, REVIEW_REQUIRED, Verdict.APPROVE, Map.of("press-1", STOP_LINE)),
                sample("held-machine.json", COMPLETED, ALLOW, null, Map.of("press-1", DERATE)),
                overrides("hold-released.json", Map.of("press-1", CONTINUE)));
    }

    /** A sample batch's packaged text. */
    public static String body(String file) {
        return Sample.resource(LineMaintenanceSamples.class, "/samples/line-maintenance/" + file);
    }

    /** Every machine CONTINUE but those named. */
    private static Sample sample(String file, JobStatus status, Outcome decision, Verdict review, Map<String, String> notContinuing) {
        Map<String, String> items = new LinkedHashMap<>();
        MACHINES.forEach(m -> items.put(LineMaintenanceGovernance.item("line-a", m), notContinuing.getOrDefault(m, CONTINUE)));
        return new Sample(file, body(file), status, decision, review, items);
    }

    /** An operator's job of overrides (a user in the submitter and operator roles): a decision per overridden machine. */
    private static Sample overrides(String file, Map<String, String> decisions) {
        Map<String, String> items = new LinkedHashMap<>();
        decisions.forEach((m, d) -> items.put(LineMaintenanceGovernance.item("line-a", m), d));
        return new Sample(file, body(file), COMPLETED, ALLOW, null, items, List.of(Sample.SUBMITTER, OPERATOR));
    }
}
