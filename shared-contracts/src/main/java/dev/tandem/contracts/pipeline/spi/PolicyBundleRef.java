package dev.tandem.contracts.pipeline.spi;

import java.util.Objects;

/**
 * Where a governed step's Cedar policy bundle lives on the class path: {@code <location>/<version>/bundle.json}
 * (listing the policies, one {@code <id>.cedar} file each) and {@code schema.cedarschema} next to it.
 *
 * @param location a class path folder without leading slash, e.g. {@code policies/claims/govern}
 * @param version  the bundle version deployed unless the agent is told otherwise
 */
public record PolicyBundleRef(String location, String version) {

    public PolicyBundleRef {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(version, "version");
        if (location.startsWith("/") || location.endsWith("/") || location.isBlank()) {
            throw new IllegalArgumentException("a bundle location is a class path folder without leading or trailing slash: '" + location + "'");
        }
    }

    /** The same bundle at another version (a rollback or a test bundle). */
    public PolicyBundleRef at(String otherVersion) {
        return new PolicyBundleRef(location, otherVersion);
    }

    /** The class path folder of this version, with a trailing slash. */
    public String folder() {
        return location + "/" + version + "/";
    }
}
