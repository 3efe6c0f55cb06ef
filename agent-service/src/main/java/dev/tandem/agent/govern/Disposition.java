package dev.tandem.agent.govern;

import java.time.Duration;

/**
 * What to do with a message after a step: delete it (the step is settled, reported or failed), or
 * make it visible again after {@code delay} (a transient failure; or, with zero delay, a poison message
 * on its way to the dead-letter queue through the queue's max receive count).
 */
public record Disposition(boolean delete, Duration delay, String reason) {

    public static Disposition done(String reason) {
        return new Disposition(true, Duration.ZERO, reason);
    }

    public static Disposition retryAfter(Duration delay, String reason) {
        return new Disposition(false, delay, reason);
    }
}
