package dev.tandem.functions.steps.analysis;

import java.util.Arrays;

/** Positions of the characters detectors anchor on, found in one pass over the text. */
public final class Triggers {

    /** The kinds of trigger character. */
    public enum Kind { AT, DIGIT, PLUS, COLON }

    private final int[][] positions;
    private final int length;

    private Triggers(int[][] positions, int length) {
        this.positions = positions;
        this.length = length;
    }

    public static Triggers scan(CharSequence text) {
        int n = text.length();
        int[][] found = new int[Kind.values().length][16];
        int[] counts = new int[Kind.values().length];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int kind;
            if (c >= '0' && c <= '9') {
                kind = Kind.DIGIT.ordinal();
            } else if (c == '@') {
                kind = Kind.AT.ordinal();
            } else if (c == ':') {
                kind = Kind.COLON.ordinal();
            } else if (c == '+') {
                kind = Kind.PLUS.ordinal();
            } else {
                continue;
            }
            if (counts[kind] == found[kind].length) {
                found[kind] = Arrays.copyOf(found[kind], found[kind].length * 2);
            }
            found[kind][counts[kind]++] = i;
        }
        for (int k = 0; k < found.length; k++) {
            found[k] = Arrays.copyOf(found[k], counts[k]);
        }
        return new Triggers(found, n);
    }

    /**
     * Half-open windows around runs of triggers: triggers at most {@code maxGap} characters apart form
     * one run, and its window starts {@code before} characters ahead of the run and ends {@code after}
     * characters past it. A detector chooses these so that any match it can make lies inside one window.
     * Runs of fewer than {@code minCount} triggers are left out: no match can lie there (a card has at
     * least 12 digits), and in text dense with short numbers most runs are short.
     */
    int[][] windows(Kind kind, int before, int after, int maxGap, int minCount) {
        int[] at = positions[kind.ordinal()];
        int[][] windows = new int[at.length][];
        int count = 0;
        int runEnd = Integer.MIN_VALUE;
        int inRun = 0;
        for (int i : at) {
            if (count > 0 && i - runEnd <= maxGap) {
                windows[count - 1][1] = Math.min(length, i + after + 1);
                inRun++;
            } else {
                if (count > 0 && inRun < minCount) {
                    count--;
                }
                windows[count++] = new int[] {Math.max(0, i - before), Math.min(length, i + after + 1)};
                inRun = 1;
            }
            runEnd = i;
        }
        if (count > 0 && inRun < minCount) {
            count--;
        }
        // Windows of separate runs may still overlap; merge them so no match is found twice.
        int merged = 0;
        for (int w = 0; w < count; w++) {
            if (merged > 0 && windows[merged - 1][1] >= windows[w][0]) {
                windows[merged - 1][1] = Math.max(windows[merged - 1][1], windows[w][1]);
            } else {
                windows[merged++] = windows[w];
            }
        }
        return Arrays.copyOf(windows, merged);
    }

    /** Positions of one kind of trigger. */
    int[] positions(Kind kind) {
        return positions[kind.ordinal()];
    }
}
