package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.pipeline.WorkflowInput;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent verified about a governed task, for {@link GovernedStep#request}.
 *
 * @param principal  the submitting principal; the agent checked that it owns the job
 * @param job        the job record's {@link GovernedStep#jobAttributes()} (absent ones are left out)
 * @param attributes the task's typed attributes, as the workflow sent them
 * @param evidence   the evidence object's bytes; the agent checked them against the claim check's SHA-256
 */
public record GovernContext<A extends Record>(String jobId, String pipeline, String step, int attempt,
                                              WorkflowInput.Principal principal, Map<String, String> job,
                                              A attributes, byte[] evidence) {

    public GovernContext {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(evidence, "evidence");
        job = job == null ? Map.of() : Map.copyOf(job);
    }

    /** A job attribute the step declared, or an error naming it when the job record lacks it. */
    public String jobAttribute(String name) {
        String value = job.get(name);
        if (value == null) {
            throw new EvidenceRejectedException("job " + jobId + " has no " + name);
        }
        return value;
    }
}
