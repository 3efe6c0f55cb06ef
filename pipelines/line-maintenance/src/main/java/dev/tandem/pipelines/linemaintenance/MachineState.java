package dev.tandem.pipelines.linemaintenance;

import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine's durable state across batches, kept by the agent (one per line and machine) and read by every decision
 * about it: the health trend, the open work order, the last action, whether a stop awaits approval, and an operator's
 * hold, a cooldown after a derate or a stop.
 *
 * @param recentScores     the machine's last {@value #TREND} scores, in hundredths, oldest first
 * @param risingBatches    how many batches in a row the score rose (by more than a quarter of a robust standard deviation)
 * @param openWorkOrder    the work order a SCHEDULE_MAINTENANCE opened, until the machine reads healthy again; null when none
 * @param lastDecision     the last decision about the machine; null before the first
 * @param lastDecidedAt    when it was made
 * @param awaitingApproval whether that decision was a stop waiting for the shift supervisor
 * @param decisions        how many decisions were applied to this state
 * @param operatorHold     an operator holds the machine derated until they release it; null when none does
 * @param healthyBatches   how many batches in a row the machine read healthy (0 after one that did not)
 * @param coolingDown      the machine was derated or stopped on readings that called for it and has not run at full speed
 *                         since: the bundle decides how many healthy batches end the cooldown (an operator's closed work order
 *                         or released hold ends it at once)
 */
public record MachineState(List<Long> recentScores, int risingBatches, String openWorkOrder, String lastDecision, Instant lastDecidedAt,
                           boolean awaitingApproval, long decisions, Hold operatorHold, Integer healthyBatches, Boolean coolingDown) {

    /** Who holds the machine derated, why, and since when. */
    public record Hold(String by, String reason, Instant since) {
    }

    /** How many scores the trend keeps. */
    public static final int TREND = 5;

    /** The healthy batches in a row the state counts up to (enough for any cooldown; it never overflows). */
    static final int HEALTHY_BATCHES_KEPT = 1_000;

    public static final MachineState NEW = new MachineState(List.of(), 0, null, null, null, false, 0, null, 0, false);

    /** A state with no hold and no cooldown (as states were before operators could hold a machine). */
    public MachineState(List<Long> recentScores, int risingBatches, String openWorkOrder, String lastDecision, Instant lastDecidedAt,
                        boolean awaitingApproval, long decisions) {
        this(recentScores, risingBatches, openWorkOrder, lastDecision, lastDecidedAt, awaitingApproval, decisions, null, 0, false);
    }

    public MachineState {
        recentScores = recentScores == null ? List.of() : List.copyOf(recentScores);
        // Boxed so that a state stored before cooldowns (without these two) reads as none.
        healthyBatches = healthyBatches == null ? 0 : healthyBatches;
        coolingDown = coolingDown != null && coolingDown;
    }

    /** The last score, in hundredths, or -1 before the first. */
    public long lastScore() {
        return recentScores.isEmpty() ? -1 : recentScores.getLast();
    }

    /** How many batches in a row the machine will have read healthy after a batch that reads {@code healthy} (or not). */
    int healthyBatchesWith(boolean healthy) {
        return healthy ? Math.min(healthyBatches + 1, HEALTHY_BATCHES_KEPT) : 0;
    }

    /**
     * The state after a decision about a batch that scored {@code scoreCenti}. A derate or a stop on readings that are not
     * healthy starts a cooldown; one on healthy readings (the cooldown's own, or an operator's hold) keeps it as it was; any
     * other decision means the machine runs at full speed again, and ends it.
     */
    MachineState after(long scoreCenti, boolean healthy, String decision, String newWorkOrder, boolean awaiting, Instant at) {
        List<Long> trend = new ArrayList<>(recentScores);
        trend.add(scoreCenti);
        while (trend.size() > TREND) {
            trend.removeFirst();
        }
        int rising = lastScore() >= 0 && scoreCenti > lastScore() + 25 ? risingBatches + 1 : 0;
        String workOrder = openWorkOrder != null ? (healthy ? null : openWorkOrder) : newWorkOrder;
        boolean derated = LineMaintenanceGovernance.DERATE.equals(decision) || LineMaintenanceGovernance.STOP_LINE.equals(decision);
        return new MachineState(trend, rising, workOrder, decision, at, awaiting, decisions + 1, operatorHold, healthyBatchesWith(healthy),
                derated && (coolingDown || !healthy));
    }

    /**
     * The state after an operator's override: a closed work order (the trend starts again), a hold, or its release; closing
     * and releasing end a cooldown (the operator vouches for the machine). The scores stay: the next batch's trend
     * continues from them.
     */
    MachineState overridden(TelemetryBatch.OverrideAction action, String by, String reason, String decision, Instant at) {
        return switch (action) {
            case CLOSE_WORK_ORDER -> new MachineState(recentScores, 0, null, decision, at, false, decisions + 1, operatorHold,
                    healthyBatches, false);
            case HOLD_DERATED -> new MachineState(recentScores, risingBatches, openWorkOrder, decision, at, false, decisions + 1,
                    new Hold(by, reason, at), healthyBatches, coolingDown);
            case RELEASE_HOLD -> new MachineState(recentScores, risingBatches, openWorkOrder, decision, at, false, decisions + 1, null,
                    healthyBatches, false);
        };
    }
}
