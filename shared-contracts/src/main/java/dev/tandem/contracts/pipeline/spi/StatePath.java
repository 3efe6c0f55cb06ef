package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.blueprint.Step;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSONPath into a pipeline's workflow state, derived from the blueprint rather than written as a literal:
 * a step's result lives at {@code $.<resultKey>}, and a field of it at {@code $.<resultKey>.<component>},
 * checked against the result record's components.
 */
public record StatePath(String path) {

    public StatePath {
        Objects.requireNonNull(path, "path");
        if (!path.matches("\\$(\\.[A-Za-z][A-Za-z0-9]*)*")) {
            throw new IllegalArgumentException("a state path is $ followed by .field segments, was '" + path + "'");
        }
    }

    /** A field of the execution input (the entry's {@code WorkflowInput}-like record). */
    public static StatePath input(Class<? extends Record> inputType, String component) {
        return new StatePath("$." + checked(inputType, component));
    }

    /** A step's whole result. */
    public static StatePath result(Step step) {
        if (step.resultKey() == null) {
            throw new IllegalArgumentException("step " + step.name() + " has no result");
        }
        return new StatePath("$." + step.resultKey());
    }

    /** A component of a step's result record, e.g. {@code $.assessment.riskScore}. */
    public static StatePath result(Step step, Class<? extends Record> resultType, String component) {
        return new StatePath(result(step).path() + "." + checked(resultType, component));
    }

    /** A field below this path, unchecked: prefer {@link #result(Step, Class, String)} when the record is at hand. */
    public StatePath field(String name) {
        return new StatePath(path + "." + name);
    }

    private static String checked(Class<? extends Record> type, String component) {
        Set<String> components = Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
        if (!components.contains(component)) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no component " + component + "; it has " + components);
        }
        return component;
    }

    @Override
    public String toString() {
        return path;
    }
}
