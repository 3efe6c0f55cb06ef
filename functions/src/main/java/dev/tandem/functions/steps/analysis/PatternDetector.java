package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A candidate pattern plus a validator of each candidate; the shared shape of every detector.
 *
 * <p>Speed: prose is mostly letters, and a pattern that begins with a lookbehind is tried at every
 * position. Each detector therefore names its trigger characters (an e-mail address has an '@', a
 * card number digits) and the longest distance a match can extend from one; the pattern runs only in
 * the merged windows around triggers. Transparent bounds let lookarounds see past a window, so the
 * matches are exactly those of a full scan.
 *
 * <p>Most numbers start with a digit, or a fixed number of letters before one: such detectors name
 * {@link Starts} instead, and their pattern is tried only there (anchored, once per digit run whose span
 * holds enough digits), which is what a scan finds when the pattern cannot start inside a run of digits.
 */
abstract class PatternDetector implements Detector {

    /**
     * Where a match may start: {@code back} characters before the first digit of a digit run (0: at the digit),
     * in a numeric span of at least {@code minDigits} digits.
     */
    record Starts(int minDigits, int... back) {
        Starts {
            back = back.length == 0 ? new int[] {0} : back.clone();
        }
    }

    private final FindingType type;
    private final String id;
    private final Pattern candidate;
    private final double confidence;
    private final Triggers.Kind trigger;
    private final int before;
    private final int after;
    private final int maxGap;
    private final int minTriggers;
    private final Starts starts;

    /**
     * @param before how far a match can start ahead of its first trigger
     * @param after  how far a match can end past its last trigger
     * @param maxGap the largest distance between consecutive triggers inside one match (2 across one separator)
     */
    PatternDetector(FindingType type, String id, Pattern candidate, double confidence, Triggers.Kind trigger,
                    int before, int after, int maxGap) {
        this(type, id, candidate, confidence, trigger, before, after, maxGap, 1);
    }

    /** @param minTriggers the fewest triggers a match holds */
    PatternDetector(FindingType type, String id, Pattern candidate, double confidence, Triggers.Kind trigger,
                    int before, int after, int maxGap, int minTriggers) {
        this(type, id, candidate, confidence, trigger, before, after, maxGap, minTriggers, null);
    }

    /** A detector whose matches begin at (or a fixed distance before) the first digit of a digit run. */
    PatternDetector(FindingType type, String id, Pattern candidate, double confidence, Starts starts) {
        this(type, id, candidate, confidence, Triggers.Kind.DIGIT, 0, 0, 0, 0, starts);
    }

    private PatternDetector(FindingType type, String id, Pattern candidate, double confidence, Triggers.Kind trigger,
                            int before, int after, int maxGap, int minTriggers, Starts starts) {
        this.type = type;
        this.id = id;
        this.candidate = candidate;
        this.confidence = confidence;
        this.trigger = trigger;
        this.before = before;
        this.after = after;
        this.maxGap = maxGap;
        this.minTriggers = minTriggers;
        this.starts = starts;
    }

    /** The ranges worth matching in. */
    int[][] windows(CharSequence text, Triggers triggers) {
        return triggers.windows(trigger, before, after, maxGap, minTriggers);
    }

    /** Whether the matched candidate is real; {@code match} is the text of the candidate group. */
    abstract boolean valid(String match);

    /** The words that must precede a candidate for it to count (its label), or null when it stands alone. */
    Context label() {
        return null;
    }

    /** Whether to report the candidate at {@code [start, end)}: a valid value, labelled when the detector needs a label. */
    boolean accept(CharSequence text, int start, int end, String match) {
        Context label = label();
        return valid(match) && (label == null || label.labelled(text, start));
    }

    @Override
    public List<Finding> detect(CharSequence text) {
        return detect(text, Triggers.scan(text));
    }

    @Override
    public List<Finding> detect(CharSequence text, Triggers triggers) {
        if (starts != null) {
            return detectFromStarts(text, triggers);
        }
        List<Finding> out = new ArrayList<>();
        Matcher m = candidate.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (int[] window : windows(text, triggers)) {
            m.region(window[0], window[1]);
            while (m.find()) {
                int group = m.groupCount() >= 1 && m.group(1) != null ? 1 : 0;
                String match = m.group(group);
                if (accept(text, m.start(group), m.end(group), match)) {
                    out.add(new Finding(type, m.start(group), m.end(group), id, confidence));
                }
            }
        }
        return out;
    }

    private List<Finding> detectFromStarts(CharSequence text, Triggers triggers) {
        List<Finding> out = new ArrayList<>();
        Matcher m = matcher(text);
        int[] runStarts = triggers.digitRunStarts();
        int[] spanDigits = triggers.spanDigits();
        int next = 0;
        for (int r = 0; r < runStarts.length; r++) {
            if (spanDigits[r] < starts.minDigits()) {
                continue;
            }
            for (int back : starts.back()) {
                int start = runStarts[r] - back;
                if (start < next || start < 0) {
                    continue;
                }
                m.region(start, text.length());
                if (m.lookingAt()) {
                    int group = m.groupCount() >= 1 && m.group(1) != null ? 1 : 0;
                    if (accept(text, m.start(group), m.end(group), m.group(group))) {
                        out.add(new Finding(type, m.start(group), m.end(group), id, confidence));
                    }
                    next = m.end();
                    break;
                }
            }
        }
        return out;
    }

    /** The pattern, for detectors that post-process candidates themselves (with {@link #windows}). */
    Matcher matcher(CharSequence text) {
        return candidate.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }

    @Override
    public String id() {
        return id;
    }

    static String digitsOf(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
