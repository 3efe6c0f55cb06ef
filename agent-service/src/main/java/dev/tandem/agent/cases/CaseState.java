package dev.tandem.agent.cases;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a governed step's case. A case only moves forward; the two self-loops are the
 * recoveries: EVALUATING again after a crash mid-evaluation (nothing was recorded yet), REPORTED again
 * when a retried workflow step (a new task token) asks for the stored decision.
 */
public enum CaseState {
    RECEIVED,
    EVALUATING,
    DECIDED,
    REPORTED;

    public Set<CaseState> next() {
        return switch (this) {
            case RECEIVED -> EnumSet.of(EVALUATING);
            case EVALUATING -> EnumSet.of(EVALUATING, DECIDED);
            case DECIDED -> EnumSet.of(REPORTED);
            case REPORTED -> EnumSet.of(REPORTED);
        };
    }

    public boolean canMoveTo(CaseState to) {
        return next().contains(to);
    }

    /** A decision exists: report it, never evaluate again. */
    public boolean decided() {
        return this == DECIDED || this == REPORTED;
    }
}
