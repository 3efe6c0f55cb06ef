package dev.tandem.contracts.pipeline.spi;

import java.time.Duration;

/**
 * What a pipeline promises its users, measured per job when it ends.
 *
 * @param timeToValueP99 submission to the end of the execution, at p99 (human reviews included); null: no target
 * @param costPerJobUsd  the mean cost of a job at the bundled prices; null: no target
 */
public record KpiTargets(Duration timeToValueP99, Double costPerJobUsd) {

    public static final KpiTargets NONE = new KpiTargets(null, null);
}
