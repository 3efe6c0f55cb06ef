package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A pipeline Tandem can deploy and run, as a pipeline module provides it. Implementations register in
 * {@code META-INF/services/dev.tandem.contracts.pipeline.spi.PipelineDefinition}; {@link Pipelines} finds
 * them on the class path, so which pipelines a deployment carries is decided by its dependencies, not by
 * core code.
 *
 * <p>A pipeline declares its blueprint (steps, placements, retries, timeouts, profiles and SLOs), from which
 * the state machine, the functions' sizing and the placement report follow; its {@link InputContract}; and, for
 * every step placed on the agent, the {@link GovernedStep} that turns verified evidence into a Cedar request
 * against that step's policy bundle. {@link Pipelines} checks the declarations fit together
 * ({@link #check()}) before anything is deployed or run.
 */
public interface PipelineDefinition {

    /** What a pipeline's name looks like: 3-32 lower-case letters, digits and dashes (it is part of resource names). */
    String NAME_PATTERN = "[a-z][a-z0-9-]{1,30}[a-z0-9]";

    /** The pipeline's name, as clients select it ({@code pipeline} in {@code POST /v1/jobs}) and resources carry it. */
    default String name() {
        return blueprint().name();
    }

    Blueprint blueprint();

    /**
     * Whether a job that names no {@code pipeline} runs this one. At most one registered pipeline may say so; with a single
     * pipeline deployed, that one is the default anyway.
     */
    default boolean isDefault() {
        return false;
    }

    /**
     * How jobs of this pipeline are submitted: the JSON Schema of the body of {@code POST /v1/jobs}, the record it
     * binds to and what the job keeps of it. Document pipelines can use {@link LibraryInputs#DOCUMENT}.
     */
    InputContract<?> input();

    /**
     * The functions the workflow invokes: one for every handler the blueprint places {@code onFunction(name)}
     * (the error handler included; the entry is the API's {@code SubmitJob}). Own steps and {@link LibrarySteps}.
     */
    default List<FunctionStep> functions() {
        return List.of();
    }

    /** The function step of this name, or an error naming the pipeline's function steps. */
    default FunctionStep function(String name) {
        return functions().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "pipeline " + name() + " has no function step " + name + "; it has " + functions().stream().map(FunctionStep::name).toList()));
    }

    /**
     * The production targets its KPIs are held to ({@code GET /v1/pipelines/{name}/kpis}): the time to value at p99 and
     * the cost per job. Each step's own latency target is its profile's SLO. None by default.
     */
    default KpiTargets kpiTargets() {
        return KpiTargets.NONE;
    }

    /**
     * The share, in [0, 1], of its automatically decided jobs (ended COMPLETED or REJECTED without a human review) that a
     * reviewer is asked to check afterwards: a SAMPLE review item whose verdict (the outcome stands, or it is overturned)
     * is a label for the KPIs' overturn rate. The job is not changed by it. Which jobs are sampled follows from their id,
     * so a retried measure samples the same ones. None by default.
     */
    default double reviewSampleRate() {
        return 0;
    }

    /**
     * What the pipeline ships whose version a release should name beside its code, by name (a model, a prompt): the release
     * manifest records them per pipeline, so a rollback says what it brings back. They ship with the pipeline's function
     * versions, so rolling those back ({@code scripts/rollback --pipeline P --only functions}) rolls them back. None by default.
     */
    default java.util.Map<String, String> releaseVersions() {
        return java.util.Map.of();
    }

    /**
     * Whether jobs may also arrive as events (EventBridge, detail-type {@code JobEventNames.SUBMIT}, the detail the body of
     * {@code POST /v1/jobs}), for senders that push, such as a line's gateway. The same input contract holds; a refused
     * event leaves a rejected-submission record and a metric instead of an HTTP answer. Only by the API by default.
     */
    default boolean acceptsEvents() {
        return false;
    }

    /**
     * Whether {@link #samples()} must run one after the other, in declaration order: true when a sample's result depends on
     * what the ones before it decided (state a governed step keeps across jobs). Otherwise they run concurrently.
     */
    default boolean samplesInOrder() {
        return false;
    }

    /**
     * Example jobs with their expected results: {@code scripts/dev demo} runs every registered pipeline's samples and
     * checks them, and the pipeline's tests can run them on the local stack ({@code Demo.run}). Names are unique.
     */
    default List<Sample> samples() {
        return List.of();
    }

    /** The steps the agent decides; one for every blueprint step placed {@code onAgent(name)}. */
    default List<GovernedStep<?>> governedSteps() {
        return List.of();
    }

    /** The governed step of this name, or an error naming the pipeline's governed steps. */
    default GovernedStep<?> governedStep(String name) {
        return governedSteps().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "pipeline " + name() + " has no governed step " + name + "; it has "
                        + governedSteps().stream().map(GovernedStep::name).toList()));
    }

    /** The governed step that decides this blueprint step (placed on the agent). */
    default GovernedStep<?> governedStepFor(Step step) {
        if (step.placement() != Placement.AGENT) {
            throw new IllegalArgumentException("step " + step.name() + " of " + name() + " is not placed on the agent");
        }
        return governedStep(step.handler());
    }

    /** The outcomes a governed step declares against the blueprint's choices on its result's {@code outcome}. */
    private List<String> outcomeProblems(Step step, GovernedStep<?> governed) {
        List<String> problems = new ArrayList<>();
        Set<Outcome> outcomes = governed.outcomes();
        if (!outcomes.contains(Outcome.DENY)) {
            problems.add("governed step " + governed.name() + " must declare DENY among its outcomes (it is the decision when no policy applies)");
        }
        if (step.resultKey() == null) {
            return problems;
        }
        String variable = "$." + step.resultKey() + ".outcome";
        Set<String> routed = new TreeSet<>();
        blueprint().all().flatMap(s -> s.choices().stream()).filter(rule -> rule.variable().equals(variable)).forEach(rule -> {
            routed.add(rule.equalsValue());
            if (outcomes.stream().noneMatch(o -> o.name().equals(rule.equalsValue()))) {
                problems.add("the blueprint routes " + variable + " == " + rule.equalsValue() + " but governed step " + governed.name()
                        + " declares the outcomes " + new TreeSet<>(outcomes));
            }
        });
        if (outcomes.contains(Outcome.REVIEW_REQUIRED) && !routed.contains(Outcome.REVIEW_REQUIRED.name())) {
            problems.add("governed step " + governed.name() + " can decide REVIEW_REQUIRED but the blueprint routes no "
                    + variable + " == REVIEW_REQUIRED to a review");
        }
        return problems;
    }

    /**
     * Checks that the declarations fit together: the name is usable in resource names, every agent step has its
     * governed step and every governed step is placed, each governed step fills every attribute, and the blueprint routes
     * exactly the outcomes each governed step declares.
     *
     * @throws IllegalStateException listing every problem
     */
    default void check() {
        List<String> problems = new ArrayList<>();
        if (!name().matches(NAME_PATTERN)) {
            problems.add("the name must be 3-32 lower-case letters, digits and dashes (it is part of resource names)");
        }
        Set<String> placed = blueprint().all().filter(s -> s.placement() == Placement.AGENT).map(Step::handler)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = new TreeSet<>();
        for (GovernedStep<?> g : governedSteps()) {
            if (!declared.add(g.name())) {
                problems.add("governed step " + g.name() + " is declared twice");
            }
            Set<String> components = Arrays.stream(g.attributesType().getRecordComponents()).map(c -> c.getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!components.equals(new TreeSet<>(g.attributePaths().keySet()))) {
                problems.add("governed step " + g.name() + " gives state paths for " + new TreeSet<>(g.attributePaths().keySet())
                        + " but its attributes record " + g.attributesType().getSimpleName() + " has " + components);
            }
        }
        for (GovernedStep<?> g : governedSteps()) {
            if (g instanceof ItemGovernedStep<?, ?> items && (items.decisions().isEmpty()
                    || new TreeSet<>(items.decisions()).size() != items.decisions().size())) {
                problems.add("governed step " + g.name() + " decides per item but declares no decisions, or one twice: " + items.decisions());
            }
        }
        for (Step step : blueprint().all().filter(s -> s.placement() == Placement.AGENT).toList()) {
            governedSteps().stream().filter(g -> g.name().equals(step.handler())).findFirst()
                    .ifPresent(g -> problems.addAll(outcomeProblems(step, g)));
        }
        if (!placed.equals(declared)) {
            problems.add("the blueprint places " + placed + " on the agent but the pipeline declares governed steps " + declared);
        }
        String entry = blueprint().entry().handler();
        if (!TandemFunction.SUBMIT_JOB.logicalName().equals(entry)) {
            problems.add("the entry runs on " + entry + "; a pipeline's entry is the API's " + TandemFunction.SUBMIT_JOB.logicalName());
        }
        Set<String> invoked = blueprint().functionSteps().stream().map(Step::handler).collect(Collectors.toCollection(TreeSet::new));
        Set<String> functions = new TreeSet<>();
        for (FunctionStep f : functions()) {
            if (!functions.add(f.name())) {
                problems.add("function step " + f.name() + " is declared twice");
            }
        }
        if (!invoked.equals(functions)) {
            problems.add("the blueprint invokes functions " + invoked + " but the pipeline declares function steps " + functions);
        }
        InputContract<?> input = input();
        if (input == null) {
            problems.add("it declares no input contract");
        } else if (input.bodyType().getResource(input.schemaResource()) == null) {
            problems.add("its input schema " + input.schemaResource() + " is not on the class path of " + input.bodyType().getName());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("pipeline " + name() + " (" + getClass().getName() + "): " + String.join("; ", problems));
        }
    }
}
