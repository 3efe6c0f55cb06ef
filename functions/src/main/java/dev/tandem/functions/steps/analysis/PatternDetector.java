package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A candidate pattern plus a validator of each candidate; the shared shape of every detector. */
abstract class PatternDetector implements Detector {

    private final FindingType type;
    private final String id;
    private final Pattern candidate;
    private final double confidence;

    PatternDetector(FindingType type, String id, Pattern candidate, double confidence) {
        this.type = type;
        this.id = id;
        this.candidate = candidate;
        this.confidence = confidence;
    }

    /** Whether the matched candidate is real; {@code match} is the text of the candidate group. */
    abstract boolean valid(String match);

    @Override
    public List<Finding> detect(CharSequence text) {
        List<Finding> out = new ArrayList<>();
        Matcher m = candidate.matcher(text);
        while (m.find()) {
            int group = m.groupCount() >= 1 && m.group(1) != null ? 1 : 0;
            String match = m.group(group);
            if (valid(match)) {
                out.add(new Finding(type, m.start(group), m.end(group), id, confidence));
            }
        }
        return out;
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
