package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.RedactionPlan;
import java.util.Comparator;
import java.util.List;

/** Applies a redaction plan: each finding of a planned type becomes its placeholder; every other character is kept. */
public final class Redactor {

    private Redactor() {
    }

    public static String redact(String text, List<Finding> findings, RedactionPlan plan) {
        List<Finding> ordered = findings.stream().filter(f -> plan.covers(f.type()))
                .sorted(Comparator.comparingLong(Finding::start)).toList();
        StringBuilder out = new StringBuilder(text.length());
        int cursor = 0;
        for (Finding f : ordered) {
            if (f.start() < cursor || f.end() > text.length()) {
                throw new IllegalArgumentException("findings overlap or exceed the text at " + f.start() + ".." + f.end());
            }
            out.append(text, cursor, (int) f.start()).append(f.type().placeholder());
            cursor = (int) f.end();
        }
        return out.append(text, cursor, text.length()).toString();
    }
}
