package dev.tandem.pipelines.documentcompliance;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.infra.Grant;
import dev.tandem.contracts.pipeline.spi.FunctionStep;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.KpiTargets;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.pipeline.spi.LibrarySteps;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Sample;
import java.util.EnumSet;
import java.util.List;

/** The reference pipeline, registered through {@code META-INF/services}: blueprint, function steps, governed step, input contract. */
public final class DocumentCompliancePipeline implements PipelineDefinition {

    @Override
    public Blueprint blueprint() {
        return DocumentComplianceBlueprint.blueprint();
    }

    /** Normalizes the text, splits it into chunks and writes the chunk manifest. */
    public static final FunctionStep EXTRACT = new FunctionStep("Extract", "dev.tandem.pipelines.documentcompliance.steps.extract.ExtractHandler",
            EnumSet.of(Grant.JOBS_WRITE, Grant.DOCUMENTS_WRITE));
    /** Merges the chunks' findings and scores into the risk score and chooses the path. */
    public static final FunctionStep ASSESS = new FunctionStep("Assess", "dev.tandem.pipelines.documentcompliance.steps.assess.AssessHandler",
            EnumSet.of(Grant.JOBS_WRITE, Grant.DOCUMENTS_WRITE));
    /** Applies redactions, writes the result and lineage, sets the final status and publishes the event. */
    public static final FunctionStep FINALIZE = new FunctionStep("Finalize", "dev.tandem.pipelines.documentcompliance.steps.finalize.FinalizeHandler",
            EnumSet.of(Grant.DOCUMENTS_WRITE, Grant.JOBS_WRITE, Grant.AUDIT_WRITE, Grant.LINEAGE_WRITE, Grant.REVIEWS_WRITE, Grant.EVENTS));

    /** Jobs that name no pipeline run this one: the API's clients from before pipelines could be chosen keep working. */
    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public List<FunctionStep> functions() {
        return List.of(EXTRACT, LibrarySteps.ANALYZE_CHUNK, ASSESS, LibrarySteps.REQUEST_REVIEW, FINALIZE, LibrarySteps.MARK_FAILED);
    }

    /** The repository's sample documents for support-kb, with the results samples/README.md lists. */
    /**
     * A document's compliance answer within two minutes at p99 (a human review, when one is needed, counts: reviewers
     * are expected to answer in time), for under a fifth of a cent.
     */
    @Override
    public KpiTargets kpiTargets() {
        return new KpiTargets(java.time.Duration.ofMinutes(2), 0.002);
    }

    /** One in twenty automatic outcomes is checked by a reviewer afterwards: the overturn rate's labels. */
    @Override
    public double reviewSampleRate() {
        return 0.05;
    }

    @Override
    public List<Sample> samples() {
        return DocumentComplianceSamples.all();
    }

    @Override
    public List<GovernedStep<?>> governedSteps() {
        return List.of(new DocumentComplianceGovernance(blueprint()));
    }

    /** A text document and its purpose: the library's document input, so the API's body is the same as before pipelines. */
    @Override
    public InputContract<?> input() {
        return LibraryInputs.DOCUMENT;
    }
}
