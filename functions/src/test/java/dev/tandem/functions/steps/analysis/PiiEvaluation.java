package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Precision and recall of the analyzer on the labelled corpus. A finding counts as a true positive only
 * with the label's type and exact offsets; anything else it reports is a false positive, any label it
 * misses a false negative.
 */
record PiiEvaluation(Map<FindingType, Counts> byType, List<String> misses, List<String> falseAlarms) {

    /** True positives, false positives, false negatives. */
    record Counts(int tp, int fp, int fn) {
        Counts plus(Counts o) {
            return new Counts(tp + o.tp, fp + o.fp, fn + o.fn);
        }

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    static PiiEvaluation of(PiiCorpus corpus, Analyzer analyzer) {
        Map<FindingType, int[]> counts = new EnumMap<>(FindingType.class);
        for (FindingType t : FindingType.values()) {
            counts.put(t, new int[3]);
        }
        List<String> misses = new ArrayList<>();
        List<String> falseAlarms = new ArrayList<>();
        for (PiiCorpus.Entry e : corpus.entries()) {
            Set<PiiCorpus.Label> expected = new HashSet<>(e.labels());
            for (Finding f : analyzer.analyze(e.text())) {
                PiiCorpus.Label found = new PiiCorpus.Label(f.type(), (int) f.start(), (int) f.end());
                if (expected.remove(found)) {
                    counts.get(f.type())[0]++;
                } else {
                    counts.get(f.type())[1]++;
                    falseAlarms.add(e.id() + " " + e.kind() + " " + f.type() + " '" + e.text().substring(found.start(), found.end()) + "' in: " + e.text());
                }
            }
            for (PiiCorpus.Label missed : expected) {
                counts.get(missed.type())[2]++;
                misses.add(e.id() + " " + e.kind() + " " + missed.type() + " '" + e.text().substring(missed.start(), missed.end()) + "' in: " + e.text());
            }
        }
        Map<FindingType, Counts> byType = new EnumMap<>(FindingType.class);
        counts.forEach((t, c) -> byType.put(t, new Counts(c[0], c[1], c[2])));
        return new PiiEvaluation(byType, misses, falseAlarms);
    }

    Counts overall() {
        return byType.values().stream().reduce(new Counts(0, 0, 0), Counts::plus);
    }

    /** The table {@code scripts/bench analyzer} prints and the README shows. */
    String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "| %-14s | %5s | %4s | %4s | %9s | %6s | %5s |%n", "type", "TP", "FP", "FN", "precision", "recall", "F1"));
        out.append("|----------------|------:|-----:|-----:|----------:|-------:|------:|\n");
        byType.forEach((t, c) -> out.append(row(t.name(), c)));
        out.append(row("**overall**", overall()));
        return out.toString();
    }

    private static String row(String name, Counts c) {
        return String.format(Locale.ROOT, "| %-14s | %5d | %4d | %4d | %9.4f | %6.4f | %5.4f |%n", name, c.tp(), c.fp(), c.fn(), c.precision(), c.recall(), c.f1());
    }
}
