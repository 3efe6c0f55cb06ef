package dev.tandem.functions.steps.analysis;

import java.util.Arrays;

/** Positions of the characters detectors anchor on, found in one pass over the text. */
public final class Triggers {

    /** The kinds of trigger character. */
    public enum Kind { AT, DIGIT, PLUS, COLON }

    /** Digits further apart than this end a numeric span ("2A 7" of a French NIR is 3 apart). */
    static final int SPAN_GAP = 3;

    private final int[][] positions;
    private final int length;
    private final int[] runStarts;
    private final int[] spanDigits;

    private Triggers(int[][] positions, int length) {
        this.positions = positions;
        this.length = length;
        // Digit runs (a digit not preceded by a digit), and how many digits follow each within its numeric span.
        int[] digits = positions[Kind.DIGIT.ordinal()];
        int[] suffix = new int[digits.length];
        for (int i = digits.length - 1; i >= 0; i--) {
            suffix[i] = i + 1 < digits.length && digits[i + 1] - digits[i] <= SPAN_GAP ? suffix[i + 1] + 1 : 1;
        }
        int runs = 0;
        int[] starts = new int[digits.length];
        int[] counts = new int[digits.length];
        for (int i = 0; i < digits.length; i++) {
            if (i == 0 || digits[i - 1] != digits[i] - 1) {
                starts[runs] = digits[i];
                counts[runs++] = suffix[i];
            }
        }
        this.runStarts = Arrays.copyOf(starts, runs);
        this.spanDigits = Arrays.copyOf(counts, runs);
    }

    /** Positions of the digits not preceded by a digit: where a number (or a group of one) begins. */
    int[] digitRunStarts() {
        return runStarts;
    }

    /** For each of {@link #digitRunStarts()}, the digits from it to the end of its numeric span (digits at most {@link #SPAN_GAP} apart). */
    int[] spanDigits() {
        return spanDigits;
    }

    /** The kind of each ASCII character, -1 for none. */
    private static final byte[] KINDS = new byte[128];

    static {
        java.util.Arrays.fill(KINDS, (byte) -1);
        for (char c = '0'; c <= '9'; c++) {
            KINDS[c] = (byte) Kind.DIGIT.ordinal();
        }
        KINDS['@'] = (byte) Kind.AT.ordinal();
        KINDS[':'] = (byte) Kind.COLON.ordinal();
        KINDS['+'] = (byte) Kind.PLUS.ordinal();
    }

    public static Triggers scan(CharSequence text) {
        int n = text.length();
        int[][] found = new int[Kind.values().length][16];
        int[] counts = new int[Kind.values().length];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int kind = c < KINDS.length ? KINDS[c] : -1;
            if (kind < 0) {
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
