package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.Finding;
import java.util.List;

/**
 * Finds one type of sensitive data in a text. Detectors validate what a pattern proposes (checksums,
 * allocation rules, address ranges), so that look-alikes (order numbers, ISBNs, versions, timestamps)
 * are not reported.
 */
public interface Detector {

    /** Findings with offsets relative to {@code text}, in order. */
    List<Finding> detect(CharSequence text);

    /** The same, reusing trigger positions already found in {@code text} (one scan for all detectors). */
    default List<Finding> detect(CharSequence text, Triggers triggers) {
        return detect(text);
    }

    /** Id and version recorded in every finding, e.g. {@code iban@1}. */
    String id();
}
