package dev.tandem.contracts.blueprint;

import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.validation.ContractSchema;
import java.util.List;

/** The flagship pipeline's registration ({@code META-INF/services}); its blueprint is {@link DocumentComplianceBlueprint}. */
public final class DocumentCompliancePipeline implements PipelineDefinition {

    @Override
    public Blueprint blueprint() {
        return DocumentComplianceBlueprint.blueprint();
    }

    @Override
    public List<GovernedStep<?>> governedSteps() {
        return List.of(new DocumentComplianceGovernance(blueprint()));
    }

    @Override
    public ContractSchema inputSchema() {
        return ContractSchema.SUBMIT_JOB_REQUEST;
    }
}
