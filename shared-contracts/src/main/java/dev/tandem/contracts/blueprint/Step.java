package dev.tandem.contracts.blueprint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One step of a pipeline blueprint. Build it with {@link #task}, {@link #map}, {@link #choice} or
 * {@link #waitForReview}; {@link Blueprint} checks the whole graph.
 *
 * @param handler     the function's logical name (FUNCTION) or the agent step name (AGENT); null for CHOICE
 * @param timeout     task timeout (for WAIT_FOR_REVIEW: how long a human has)
 * @param heartbeat   the longest silence tolerated from a running task; null for none
 * @param next        the following step; null for CHOICE steps and for the last step
 * @param timeoutNext where to continue when the task times out (instead of failing), or null
 * @param itemsPath   MAP only: JSONPath of the list to iterate
 * @param maxConcurrency MAP only: items in flight at once
 * @param resultKey   where the step's result goes in the workflow state ({@code $.<resultKey>}); by
 *                    default the step name with a lower-case initial; null for CHOICE
 */
public record Step(
        String name,
        StepKind kind,
        Placement placement,
        String handler,
        String comment,
        StepProfile profile,
        RetryPolicy retry,
        Duration timeout,
        Duration heartbeat,
        String next,
        String timeoutNext,
        String itemsPath,
        int maxConcurrency,
        List<ChoiceRule> choices,
        String otherwise,
        String resultKey) {

    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(placement, "placement");
        retry = retry == null ? RetryPolicy.NONE : retry;
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (!name.matches("[A-Za-z][A-Za-z0-9]{0,79}")) {
            throw new IllegalArgumentException("step name must be alphanumeric and start with a letter: '" + name + "'");
        }
        if (resultKey == null && kind != StepKind.CHOICE) {
            resultKey = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        }
        if (resultKey != null && !resultKey.matches("[a-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("step " + name + ": resultKey must be a camelCase identifier, was '" + resultKey + "'");
        }
        if (kind == StepKind.CHOICE) {
            if (placement != Placement.WORKFLOW || choices.isEmpty() || otherwise == null) {
                throw new IllegalArgumentException("choice step " + name + " runs in the workflow and needs rules and an otherwise branch");
            }
        } else {
            if (placement == Placement.WORKFLOW) {
                throw new IllegalArgumentException("step " + name + " must be placed on FUNCTION or AGENT");
            }
            Objects.requireNonNull(handler, () -> "step " + name + " needs a handler");
            Objects.requireNonNull(profile, () -> "step " + name + " needs a profile for the placement advisor");
            Objects.requireNonNull(timeout, () -> "step " + name + " needs a timeout");
            if (heartbeat != null && heartbeat.compareTo(timeout) >= 0) {
                throw new IllegalArgumentException("step " + name + ": heartbeat must be shorter than the timeout");
            }
        }
        if (kind == StepKind.MAP && (itemsPath == null || maxConcurrency < 1)) {
            throw new IllegalArgumentException("map step " + name + " needs an itemsPath and maxConcurrency >= 1");
        }
        if (kind == StepKind.WAIT_FOR_REVIEW && placement != Placement.FUNCTION) {
            throw new IllegalArgumentException("review step " + name + " stores its task token through a function");
        }
    }

    /** The steps this one can continue with. */
    public List<String> successors() {
        List<String> out = new ArrayList<>();
        if (next != null) {
            out.add(next);
        }
        if (timeoutNext != null) {
            out.add(timeoutNext);
        }
        choices.forEach(c -> out.add(c.next()));
        if (otherwise != null) {
            out.add(otherwise);
        }
        return out;
    }

    public boolean isEnd() {
        return kind != StepKind.CHOICE && next == null;
    }

    public static Builder task(String name) {
        return new Builder(name, StepKind.TASK);
    }

    public static Builder map(String name) {
        return new Builder(name, StepKind.MAP);
    }

    public static Builder choice(String name) {
        return new Builder(name, StepKind.CHOICE).placement(Placement.WORKFLOW, null);
    }

    public static Builder waitForReview(String name) {
        return new Builder(name, StepKind.WAIT_FOR_REVIEW);
    }

    public static final class Builder {
        private final String name;
        private final StepKind kind;
        private Placement placement;
        private String handler;
        private String comment;
        private StepProfile profile;
        private RetryPolicy retry;
        private Duration timeout;
        private Duration heartbeat;
        private String next;
        private String timeoutNext;
        private String itemsPath;
        private int maxConcurrency;
        private final List<ChoiceRule> choices = new ArrayList<>();
        private String otherwise;
        private String resultKey;

        private Builder(String name, StepKind kind) {
            this.name = name;
            this.kind = kind;
        }

        private Builder placement(Placement value, String handlerName) {
            this.placement = value;
            this.handler = handlerName;
            return this;
        }

        /** Runs as the Lambda function with this logical name. */
        public Builder onFunction(String functionName) { return placement(Placement.FUNCTION, functionName); }
        /** Runs as this step of the agent service. */
        public Builder onAgent(String agentStep) { return placement(Placement.AGENT, agentStep); }
        public Builder comment(String value) { this.comment = value; return this; }
        public Builder profile(StepProfile value) { this.profile = value; return this; }
        public Builder retry(RetryPolicy value) { this.retry = value; return this; }
        public Builder timeout(Duration value) { this.timeout = value; return this; }
        public Builder heartbeat(Duration value) { this.heartbeat = value; return this; }
        public Builder next(String value) { this.next = value; return this; }
        public Builder onTimeout(String value) { this.timeoutNext = value; return this; }
        public Builder items(String path, int concurrency) { this.itemsPath = path; this.maxConcurrency = concurrency; return this; }
        public Builder when(String variable, String equalsValue, String then) { choices.add(new ChoiceRule(variable, equalsValue, then)); return this; }
        public Builder otherwise(String value) { this.otherwise = value; return this; }
        /** The state key the step's result is stored under, e.g. {@code assessment} for {@code $.assessment}. */
        public Builder resultAt(String key) { this.resultKey = key; return this; }

        public Step build() {
            if (placement == null) {
                throw new IllegalArgumentException("step " + name + " needs onFunction(..) or onAgent(..)");
            }
            return new Step(name, kind, placement, handler, comment, profile, retry, timeout, heartbeat, next,
                    timeoutNext, itemsPath, maxConcurrency, choices, otherwise, resultKey);
        }
    }
}
