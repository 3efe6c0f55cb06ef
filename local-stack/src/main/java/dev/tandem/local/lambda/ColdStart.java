package dev.tandem.local.lambda;

/**
 * One measured cold start of a function from its artifact.
 *
 * @param initMs       JVM start to the end of the init phase (the runtime's first request for an invocation)
 * @param firstEventMs the first invocation, start to response
 * @param first        what the first invocation returned
 */
public record ColdStart(double initMs, double firstEventMs, Invocation first) {

    public double totalMs() {
        return initMs + firstEventMs;
    }
}
