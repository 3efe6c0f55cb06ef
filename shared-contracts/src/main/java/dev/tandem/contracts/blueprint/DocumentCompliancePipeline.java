package dev.tandem.contracts.blueprint;

import dev.tandem.contracts.pipeline.spi.PipelineDefinition;

/** The flagship pipeline's registration ({@code META-INF/services}); its blueprint is {@link DocumentComplianceBlueprint}. */
public final class DocumentCompliancePipeline implements PipelineDefinition {

    @Override
    public Blueprint blueprint() {
        return DocumentComplianceBlueprint.blueprint();
    }
}
