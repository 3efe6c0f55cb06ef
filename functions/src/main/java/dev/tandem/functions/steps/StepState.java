package dev.tandem.functions.steps;

import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.ModelInvocation;
import dev.tandem.contracts.pipeline.PayloadRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pieces of workflow state the steps write ({@code $.extract}, {@code $.analysis[]},
 * {@code $.assessment}): references, counts and versions, never document text. The largest, for a
 * 55 KB document, is about 2 KB.
 */
public final class StepState {

    private StepState() {
    }

    /** Output of Extract. {@code chunks} is what the Analyze Map iterates. */
    public record Extracted(PayloadRef normalized, PayloadRef manifest, int chars, List<ChunkItem> chunks, String function) {
        public Extracted {
            chunks = List.copyOf(chunks);
        }
    }

    /** One Map item: which part of the normalized document a chunk owns, and the window to read. */
    public record ChunkItem(String jobId, String normalizedUri, int index, int start, int end, int windowStart, int windowEnd,
                            long windowByteStart, long windowByteEnd) {
        public ChunkItem {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(normalizedUri, "normalizedUri");
        }
    }

    /** Output of AnalyzeChunk for one chunk. */
    public record ChunkAnalysis(int index, PayloadRef findings, Map<FindingType, Integer> counts, ModelInvocation model, String function) {
        public ChunkAnalysis {
            counts = Map.copyOf(counts);
        }
    }

    /** Output of Assess: the route and why. {@code path} is FAST or GOVERNED. */
    public record Assessment(String path, double riskScore, double modelScore, double modelThreshold, List<FindingType> findingTypes,
                             Map<FindingType, Integer> counts, PayloadRef findings, List<ModelInvocation> models, List<String> reasons,
                             String function) {
        public static final String FAST = "FAST";
        public static final String GOVERNED = "GOVERNED";

        public Assessment {
            findingTypes = List.copyOf(findingTypes);
            counts = Map.copyOf(counts);
            models = List.copyOf(models);
            reasons = List.copyOf(reasons);
        }
    }
}
