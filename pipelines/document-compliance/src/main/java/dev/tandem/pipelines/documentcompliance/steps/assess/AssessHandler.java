package dev.tandem.pipelines.documentcompliance.steps.assess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.functions.steps.StepState.ChunkAnalysis;
import java.util.ArrayList;
import java.util.List;

/** Lambda handler of the {@code Assess} step. */
public class AssessHandler extends StepFunction {

    @Inject
    Assess assess;

    public AssessHandler() {
        super();
    }

    public AssessHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String step() {
        return "Assess";
    }

    @Override
    protected Object run(JsonNode input, StepContext context) {
        List<ChunkAnalysis> chunks = new ArrayList<>();
        input.path("analysis").forEach(a -> chunks.add(Json.convert(a, ChunkAnalysis.class)));
        DataClassification classification = DataClassification.fromWire(
                input.path("attributes").path(LibraryInputs.DATA_CLASSIFICATION).asText());
        return assess.run(input.path("jobId").asText(), classification, chunks, context);
    }
}
