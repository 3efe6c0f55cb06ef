package dev.tandem.functions.steps.failed;

/** Exposes MarkFailed's cause extraction to tests in other packages. */
public final class MarkFailedTestAccess {

    private MarkFailedTestAccess() {
    }

    public static String cause(String raw) {
        return MarkFailed.cause(raw);
    }
}
