package dev.tandem.local;

import java.io.IOException;

/** The benchmark's entry to the same stack the end-to-end tests start. */
public final class BenchStack {

    private BenchStack() {
    }

    public static LocalStack start() throws IOException {
        return RunningStack.get();
    }
}
