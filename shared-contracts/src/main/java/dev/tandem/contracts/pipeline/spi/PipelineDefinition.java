package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.validation.ContractSchema;

/**
 * A pipeline Tandem can deploy and run, as a pipeline module provides it. Implementations register in
 * {@code META-INF/services/dev.tandem.contracts.pipeline.spi.PipelineDefinition}; {@link Pipelines} finds
 * them on the class path, so which pipelines a deployment carries is decided by its dependencies, not by
 * core code.
 *
 * <p>This is the first part of the pipeline SPI: the blueprint (steps, placements, retries, timeouts,
 * profiles and SLOs), from which the state machine, the functions' sizing and the placement report follow,
 * and the input contract. Typed step handlers, governed-step mappings, policy bundles, samples and KPIs are
 * to come.
 */
public interface PipelineDefinition {

    /** The pipeline's name, as clients select it ({@code pipeline} in {@code POST /v1/jobs}) and resources carry it. */
    default String name() {
        return blueprint().name();
    }

    Blueprint blueprint();

    /** The JSON Schema a job's submission is validated against. */
    ContractSchema inputSchema();
}
