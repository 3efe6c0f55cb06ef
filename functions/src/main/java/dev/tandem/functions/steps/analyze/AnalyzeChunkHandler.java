package dev.tandem.functions.steps.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import dev.tandem.functions.steps.StepState.ChunkItem;

/** Lambda handler of the {@code AnalyzeChunk} step. */
public class AnalyzeChunkHandler extends StepFunction {

    @Inject
    AnalyzeChunk analyzeChunk;

    public AnalyzeChunkHandler() {
        super();
    }

    public AnalyzeChunkHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String step() {
        return "AnalyzeChunk";
    }

    @Override
    protected Object run(JsonNode input, StepContext context) {
        return analyzeChunk.run(Json.convert(input, ChunkItem.class), context);
    }
}
