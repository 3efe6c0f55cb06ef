package dev.tandem.functions.steps.analyze;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.ModelInvocation;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepState.ChunkAnalysis;
import dev.tandem.functions.steps.StepState.ChunkItem;
import dev.tandem.functions.steps.analysis.Analyzer;
import dev.tandem.functions.steps.analysis.Chunker;
import dev.tandem.functions.steps.model.ModelProvider;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * AnalyzeChunk (one Map iteration): reads the chunk's window with a ranged GET, runs the detectors,
 * keeps the findings the chunk owns (absolute offsets), classifies the owned text with the model
 * provider, and writes the findings to S3.
 */
@Singleton
public class AnalyzeChunk {

    private final Payloads payloads;
    private final ModelProvider model;
    private final Analyzer analyzer = new Analyzer();

    public AnalyzeChunk(Payloads payloads, ModelProvider model) {
        this.payloads = payloads;
        this.model = model;
    }

    public ChunkAnalysis run(ChunkItem chunk, StepContext context) {
        String window = Chunker.decode(payloads.read(chunk.normalizedUri(), chunk.windowByteStart(), chunk.windowByteEnd()));
        if (window.length() != chunk.windowEnd() - chunk.windowStart()) {
            throw new IllegalStateException("chunk " + chunk.index() + " of job " + chunk.jobId() + " read " + window.length()
                    + " characters, expected " + (chunk.windowEnd() - chunk.windowStart()));
        }
        List<Finding> findings = analyzer.analyzeWindow(window, chunk.windowStart(), chunk.start(), chunk.end());
        ModelInvocation classification = model.classify(window.substring(chunk.start() - chunk.windowStart(), chunk.end() - chunk.windowStart()));
        PayloadRef ref = payloads.putJson("findings-" + chunk.index(),
                "jobs/" + chunk.jobId() + "/findings/chunk-" + chunk.index() + ".json", findings);
        Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
        findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
        return new ChunkAnalysis(chunk.index(), ref, counts, classification, context.function());
    }
}
