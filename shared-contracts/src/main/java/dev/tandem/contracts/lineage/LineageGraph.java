package dev.tandem.contracts.lineage;

import java.util.List;
import java.util.Objects;

/** Body of {@code GET /v1/jobs/{jobId}/lineage}. */
public record LineageGraph(String jobId, List<LineageNode> nodes, List<LineageEdge> edges) {
    public LineageGraph {
        Objects.requireNonNull(jobId, "jobId");
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        edges = edges == null ? List.of() : List.copyOf(edges);
    }
}
