package dev.tandem.contracts.lineage;

import java.util.Map;
import java.util.Objects;

/**
 * A vertex of a job's lineage graph.
 *
 * @param id         stable id, unique within the graph, e.g. {@code model:embedded-lexicon@1.0.0}
 * @param kind       what the node stands for
 * @param attributes descriptive attributes (versions, digests, URIs); never document text
 */
public record LineageNode(String id, Kind kind, Map<String, String> attributes) {

    public enum Kind { JOB, DOCUMENT, CHUNK, MODEL_INVOCATION, MODEL, POLICY_DECISION, POLICY_BUNDLE, AGENT, FUNCTION, REVIEW, OUTPUT }

    public LineageNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
