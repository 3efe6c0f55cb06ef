package dev.tandem.contracts.lineage;

import java.util.Objects;

/**
 * A directed edge {@code from -> to}, labelled with the relation, e.g.
 * {@code document -[SPLIT_INTO]-> chunk}, {@code chunk -[ANALYZED_BY]-> model invocation}.
 */
public record LineageEdge(String from, String to, String relation) {
    public LineageEdge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(relation, "relation");
    }
}
