package dev.tandem.contracts.blueprint;

import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.validation.ContractSchema;

/** The flagship pipeline's registration ({@code META-INF/services}); its blueprint is {@link DocumentComplianceBlueprint}. */
public final class DocumentCompliancePipeline implements PipelineDefinition {

    @Override
    public Blueprint blueprint() {
        return DocumentComplianceBlueprint.blueprint();
    }

    @Override
    public ContractSchema inputSchema() {
        return ContractSchema.SUBMIT_JOB_REQUEST;
    }
}
