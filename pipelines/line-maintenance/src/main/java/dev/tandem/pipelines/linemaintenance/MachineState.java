package dev.tandem.pipelines.linemaintenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine's durable state across batches, kept by the agent (one per line and machine) and read by every decision
 * about it: the health trend, the open work order, the last action and whether a stop awaits approval.
 *
 * @param recentScores     the machine's last {@value #TREND} scores, in hundredths, oldest first
 * @param risingBatches    how many batches in a row the score rose (by more than a quarter of a robust standard deviation)
 * @param openWorkOrder    the work order a SCHEDULE_MAINTENANCE opened, until the machine reads healthy again; null when none
 * @param lastDecision     the last decision about the machine; null before the first
 * @param lastDecidedAt    when it was made
 * @param awaitingApproval whether that decision was a stop waiting for the shift supervisor
 * @param decisions        how many decisions were applied to this state
 */
public record MachineState(List<Long> recentScores, int risingBatches, String openWorkOrder, String lastDecision, Instant lastDecidedAt,
                           boolean awaitingApproval, long decisions) {

    /** How many scores the trend keeps. */
    public static final int TREND = 5;

    public static final MachineState NEW = new MachineState(List.of(), 0, null, null, null, false, 0);

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
        return new MachineState(trend, rising, workOrder, decision, at, awaiting, decisions + 1);
    }
}
