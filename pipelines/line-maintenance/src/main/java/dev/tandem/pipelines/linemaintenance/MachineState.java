package dev.tandem.pipelines.linemaintenance;

import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine's durable state across batches, kept by the agent (one per line and machine) and read by every decision
 * about it: the health trend, the open work order, the last action, whether a stop awaits approval, and an operator's
 * hold.
 *
 * @param recentScores     the machine's last {@value #TREND} scores, in hundredths, oldest first
 * @param risingBatches    how many batches in a row the score rose (by more than a quarter of a robust standard deviation)
 * @param openWorkOrder    the work order a SCHEDULE_MAINTENANCE opened, until the machine reads healthy again; null when none
 * @param lastDecision     the last decision about the machine; null before the first
 * @param lastDecidedAt    when it was made
 * @param awaitingApproval whether that decision was a stop waiting for the shift supervisor
 * @param decisions        how many decisions were applied to this state
 * @param operatorHold     an operator holds the machine derated until they release it; null when none does
 */
public record MachineState(List<Long> recentScores, int risingBatches, String openWorkOrder, String lastDecision, Instant lastDecidedAt,
                           boolean awaitingApproval, long decisions, Hold operatorHold) {

    /** Who holds the machine derated, why, and since when. */
    public record Hold(String by, String reason, Instant since) {
    }

    /** How many scores the trend keeps. */
    public static final int TREND = 5;

    public static final MachineState NEW = new MachineState(List.of(), 0, null, null, null, false, 0, null);

    /** A state as it was before operators could hold a machine. */
    public MachineState(List<Long> recentScores, int risingBatches, String openWorkOrder, String lastDecision, Instant lastDecidedAt,
                        boolean awaitingApproval, long decisions) {
        this(recentScores, risingBatches, openWorkOrder, lastDecision, lastDecidedAt, awaitingApproval, decisions, null);
    }

    public MachineState {
        recentScores = recentScores == null ? List.of() : List.copyOf(recentScores);
    }

    /** The last score, in hundredths, or -1 before the first. */
    public long lastScore() {
        return recentScores.isEmpty() ? -1 : recentScores.getLast();
    }

    /** The state after a decision about a batch that scored {@code scoreCenti}. */
    MachineState after(long scoreCenti, boolean healthy, String decision, String newWorkOrder, boolean awaiting, Instant at) {
        List<Long> trend = new ArrayList<>(recentScores);
        trend.add(scoreCenti);
        while (trend.size() > TREND) {
            trend.removeFirst();
        }
        int rising = lastScore() >= 0 && scoreCenti > lastScore() + 25 ? risingBatches + 1 : 0;
        String workOrder = openWorkOrder != null ? (healthy ? null : openWorkOrder) : newWorkOrder;
        return new MachineState(trend, rising, workOrder, decision, at, awaiting, decisions + 1, operatorHold);
    }

    /**
     * The state after an operator's override: a closed work order (the trend starts again), a hold, or its release. The
     * scores stay: the next batch's trend continues from them.
     */
    MachineState overridden(TelemetryBatch.OverrideAction action, String by, String reason, String decision, Instant at) {
        return switch (action) {
            case CLOSE_WORK_ORDER -> new MachineState(recentScores, 0, null, decision, at, false, decisions + 1, operatorHold);
            case HOLD_DERATED -> new MachineState(recentScores, risingBatches, openWorkOrder, decision, at, false, decisions + 1,
                    new Hold(by, reason, at));
            case RELEASE_HOLD -> new MachineState(recentScores, risingBatches, openWorkOrder, decision, at, false, decisions + 1, null);
        };
    }
}
