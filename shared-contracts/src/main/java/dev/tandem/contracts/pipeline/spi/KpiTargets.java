package dev.tandem.contracts.pipeline.spi;

import java.time.Duration;

/**
 * What a pipeline promises its users, measured per job when it ends.
 *
 * @param timeToValueP99 submission to the end of the execution, at p99 (human reviews included); null: no target
 * @param costPerJobUsd  the mean cost of a job at the bundled prices; null: no target
 * @param timeToDecisionP99 submission to the governed step's decision, at p99 (what a pipeline that acts on its decisions
 *                       promises: no human wait counts); an alarm watches it. Null: no target
 */
public record KpiTargets(Duration timeToValueP99, Double costPerJobUsd, Duration timeToDecisionP99) {

    public static final KpiTargets NONE = new KpiTargets(null, null, null);

    public KpiTargets(Duration timeToValueP99, Double costPerJobUsd) {
        this(timeToValueP99, costPerJobUsd, null);
    }
}
