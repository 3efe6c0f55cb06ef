package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.pipeline.Outcome;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A step the agent decides with a Cedar policy bundle: a blueprint step placed with {@code onAgent(name())}.
 * The agent is one governance runtime for every pipeline; it routes a task by (pipeline, step) to the
 * pipeline's {@code GovernedStep} and that step's bundle. Case state, the audit chain, the kill switch,
 * heartbeats and idempotency are the agent's and the same for every governed step.
 *
 * <p>What travels to the agent is generic: the pipeline, the step, the attempt, the submitting principal, a
 * claim check of the evidence, and the typed attributes {@code A}, whose values the workflow takes from its
 * state at {@link #attributePaths()}. The agent does not take the message's word for anything it can check:
 * it reads the job record (owner, pipeline and {@link #jobAttributes()}) and the evidence object (whose SHA-256
 * must match the claim check) and hands both, verified, to {@link #request}, which may refuse the task.
 *
 * @param <A> the attributes record the task carries
 */
public interface GovernedStep<A extends Record> {

    /** The agent step name, as the blueprint places it ({@code Step.task(..).onAgent(name)}). */
    String name();

    /** The record the task's {@code attributes} bind to; every component is filled from {@link #attributePaths()}. */
    Class<A> attributesType();

    /** For each component of {@link #attributesType()}, the JSONPath of its value in the workflow state (see {@link StatePath}). */
    Map<String, StatePath> attributePaths();

    /** The JSONPath of the evidence claim check ({@code PayloadRef}) in the workflow state. */
    StatePath evidencePath();

    /**
     * The outcomes this step can decide, each with its meaning for the workflow:
     * <ul>
     *   <li>{@code ALLOW}: the job goes on with the decision as the step's result;</li>
     *   <li>{@code ALLOW_WITH_REDACTION}: it goes on, and the steps after it apply the decision's redaction plan;</li>
     *   <li>{@code REVIEW_REQUIRED}: the blueprint routes it to a review step (a choice on the step's {@code outcome});</li>
     *   <li>{@code DENY}: the job ends REJECTED. Always declared: it is also the decision when no policy applies.</li>
     * </ul>
     * {@link PipelineDefinition#check()} holds the blueprint to them, and the agent refuses a bundle with a policy
     * whose {@code @outcome} is not among them. By default a step allows or denies.
     */
    default Set<Outcome> outcomes() {
        return EnumSet.of(Outcome.ALLOW, Outcome.DENY);
    }

    /** The Cedar policy bundle this step is decided with. */
    PolicyBundleRef bundle();

    /** The job attributes the decision reads: those the pipeline's {@link InputContract} kept at submission ({@code Submission.attributes()}). */
    default Set<String> jobAttributes() {
        return Set.of();
    }

    /**
     * The Cedar principal, action, resource and context for this task, from verified facts only.
     *
     * @throws EvidenceRejectedException when the evidence or the attributes do not hold together (the task is refused)
     */
    PolicyRequest request(GovernContext<A> context);
}
