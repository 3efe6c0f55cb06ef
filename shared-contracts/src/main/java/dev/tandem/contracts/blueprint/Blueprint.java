package dev.tandem.contracts.blueprint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pipeline declared once: the entry step (run by the API before the workflow starts), the workflow
 * steps, and the error handler every task's Catch leads to. The CDK app generates the state machine
 * from it and the placement advisor checks it; nothing else restates the pipeline's shape.
 *
 * <p>The constructor checks the graph: unique names, every successor exists, every step reachable
 * from {@code startAt}, at least one end step.
 */
public record Blueprint(String name, String version, Step entry, String startAt, List<Step> steps, Step errorHandler) {

    public Blueprint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(errorHandler, "errorHandler");
        steps = List.copyOf(steps);
        validate(name, entry, startAt, steps, errorHandler);
    }

    public Step step(String stepName) {
        return all().filter(s -> s.name().equals(stepName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("blueprint " + name + " has no step " + stepName));
    }

    /**
     * The steps the workflow runs as functions (its function-placed steps and the error handler; not the entry, which
     * the API runs), in declaration order: what the state machine invokes and the pipeline deploys.
     */
    public List<Step> functionSteps() {
        return Stream.concat(steps.stream(), Stream.of(errorHandler)).filter(s -> s.placement() == Placement.FUNCTION).toList();
    }

    /** Entry, workflow steps and error handler, in declaration order. */
    public Stream<Step> all() {
        return Stream.concat(Stream.concat(Stream.of(entry), steps.stream()), Stream.of(errorHandler));
    }

    private static void validate(String name, Step entry, String startAt, List<Step> steps, Step errorHandler) {
        Map<String, Step> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Stream.concat(Stream.of(entry, errorHandler), steps.stream()).forEach(s -> {
            if (byName.put(s.name(), s) != null) {
                problems.add("step name " + s.name() + " is used twice");
            }
        });
        if (entry.kind() != StepKind.TASK || errorHandler.kind() != StepKind.TASK) {
            problems.add("the entry and the error handler must be TASK steps");
        }
        if (!entry.successors().isEmpty() || !errorHandler.successors().isEmpty()) {
            problems.add("the entry and the error handler are single steps outside the workflow graph; give them no next");
        }
        Set<String> workflow = new HashSet<>();
        steps.forEach(s -> workflow.add(s.name()));
        if (!workflow.contains(startAt)) {
            problems.add("startAt " + startAt + " is not a workflow step");
        }
        for (Step s : steps) {
            for (String successor : s.successors()) {
                if (!workflow.contains(successor)) {
                    problems.add("step " + s.name() + " continues with " + successor + ", which is not a workflow step");
                }
            }
        }
        if (problems.isEmpty()) {
            Set<String> reached = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(startAt));
            while (!todo.isEmpty()) {
                String current = todo.pop();
                if (reached.add(current)) {
                    todo.addAll(byName.get(current).successors());
                }
            }
            steps.stream().filter(s -> !reached.contains(s.name()))
                    .forEach(s -> problems.add("step " + s.name() + " is not reachable from " + startAt));
            if (steps.stream().noneMatch(Step::isEnd)) {
                problems.add("no step ends the workflow");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("blueprint " + name + " is invalid: " + String.join("; ", problems));
        }
    }

    public static Builder builder(String name, String version) {
        return new Builder(name, version);
    }

    public static final class Builder {
        private final String name;
        private final String version;
        private Step entry;
        private String startAt;
        private final List<Step> steps = new ArrayList<>();
        private Step errorHandler;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        public Builder entry(Step.Builder step) { this.entry = step.build(); return this; }
        public Builder startAt(String stepName) { this.startAt = stepName; return this; }
        public Builder step(Step.Builder step) { this.steps.add(step.build()); return this; }
        public Builder onError(Step.Builder step) { this.errorHandler = step.build(); return this; }

        public Blueprint build() {
            return new Blueprint(name, version, entry, startAt, steps, errorHandler);
        }
    }
}
