package dev.tandem.agent;

import io.micronaut.runtime.Micronaut;

/** The agent service: the governance queue worker plus {@code /health}, {@code /ready} and {@code /metrics}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
