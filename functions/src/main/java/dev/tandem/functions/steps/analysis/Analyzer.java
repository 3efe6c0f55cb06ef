package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every detector over a window and keeps the findings its chunk owns, with absolute offsets. */
public final class Analyzer {

    private final List<Detector> detectors;

    public Analyzer() {
        this(Detectors.all());
    }

    Analyzer(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /** Findings in a whole text (one chunk owning everything). */
    public List<Finding> analyze(String text) {
        return analyzeWindow(text, 0, 0, text.length());
    }

    /**
     * @param window      the window's text
     * @param windowStart absolute offset of the window's first character
     * @param ownedStart  absolute start of the range this chunk owns
     * @param ownedEnd    absolute end (exclusive) of the owned range
     */
    public List<Finding> analyzeWindow(String window, int windowStart, int ownedStart, int ownedEnd) {
        List<Finding> found = new ArrayList<>();
        Triggers triggers = Triggers.scan(window);
        for (Detector detector : detectors) {
            for (Finding f : detector.detect(window, triggers)) {
                long start = windowStart + f.start();
                if (start >= ownedStart && start < ownedEnd) {
                    found.add(new Finding(f.type(), start, windowStart + f.end(), f.detector(), f.confidence()));
                }
            }
        }
        return resolveOverlaps(found);
    }

    /**
     * One finding per span: duplicates (same type and offsets) collapse, and where two findings
     * overlap the more certain, then the longer, wins. Sorted by start.
     */
    public static List<Finding> resolveOverlaps(List<Finding> findings) {
        record Span(FindingType type, long start, long end) {
        }
        Map<Span, Finding> unique = new LinkedHashMap<>();
        for (Finding f : findings) {
            unique.putIfAbsent(new Span(f.type(), f.start(), f.end()), f);
        }
        List<Finding> byPreference = new ArrayList<>(unique.values());
        byPreference.sort(Comparator.comparingDouble(Finding::confidence).reversed()
                .thenComparing(Comparator.comparingLong(Finding::length).reversed())
                .thenComparingLong(Finding::start));
        // Kept findings by start: they never overlap, so a new one overlaps a kept one only if it overlaps
        // the nearest kept start at or before it, or the nearest after it.
        java.util.TreeMap<Long, Finding> kept = new java.util.TreeMap<>();
        for (Finding f : byPreference) {
            Map.Entry<Long, Finding> before = kept.floorEntry(f.start());
            Map.Entry<Long, Finding> after = kept.higherEntry(f.start());
            boolean overlaps = before != null && before.getValue().end() > f.start() || after != null && after.getKey() < f.end();
            if (!overlaps) {
                kept.put(f.start(), f);
            }
        }
        List<Finding> sorted = new ArrayList<>(kept.values());
        sorted.sort(Comparator.comparingLong(Finding::start).thenComparing(f -> f.type().name()));
        return sorted;
    }
}
