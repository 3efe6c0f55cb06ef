package dev.tandem.contracts.pipeline;

import java.util.Objects;

/**
 * One detected piece of sensitive data.
 *
 * <p>Offsets are <b>absolute</b> within the normalized document (not the chunk that found it), in
 * UTF-16 code units as Java's {@code String} indexes them; {@code start} inclusive, {@code end}
 * exclusive. Two findings with the same type and offsets are the same finding.
 *
 * @param detector   id and version of the detector, e.g. {@code iban@1}
 * @param confidence in [0, 1]; validating detectors report 1.0 for checksum-verified values
 */
public record Finding(FindingType type, long start, long end, String detector, double confidence) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detector, "detector");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("finding offsets must satisfy 0 <= start < end, were " + start + ".." + end);
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
        }
    }

    public long length() {
        return end - start;
    }
}
