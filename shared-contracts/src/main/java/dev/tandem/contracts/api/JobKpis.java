package dev.tandem.contracts.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one job measurably took and cost, recorded when its execution ends (again after a redrive: then both attempts).
 *
 * @param endedAt          when its execution ended
 * @param outcome          the job's status then
 * @param timeToValueMs    from submission to the end of the execution
 * @param stateTransitions states entered (what Step Functions bills)
 * @param steps            per function step: invocations, milliseconds, GB-seconds; per agent step: attempts and
 *                         milliseconds (queue wait included) with no GB-seconds
 * @param review           the human review, when the job had one
 * @param claimCheckBytes  the bytes of the submitted payload and of the result in S3
 * @param costUsd          the job's cost at {@code pricing}, the sum of {@code costParts}
 * @param costParts        by part: {@code lambda.requests}, {@code lambda.compute}, {@code stepFunctions.transitions},
 *                         {@code fargate.compute}, {@code sqs.requests}, {@code model.tokens}
 * @param policyBundle     the policy bundle that decided the job (null when it ended undecided)
 * @param inference        what its models did, as its pipeline reported it (null when it reported nothing)
 * @param sample           the check of its automatic outcome, when it was sampled and a reviewer checked it
 */
public record JobKpis(Instant endedAt, JobStatus outcome, long timeToValueMs, long stateTransitions, Map<String, StepUsage> steps,
                      Review review, long claimCheckBytes, double costUsd, Map<String, Double> costParts, Pricing pricing,
                      String policyBundle, Inference inference, Sample sample) {

    /** The same measure with the check of its sampled outcome. */
    public JobKpis withSample(Sample checked) {
        return new JobKpis(endedAt, outcome, timeToValueMs, stateTransitions, steps, review, claimCheckBytes, costUsd, costParts, pricing,
                policyBundle, inference, checked);
    }

    /**
     * A reviewer's check of an automatically decided job, sampled after it ended ({@code reviewSampleRate()}): its
     * outcome stands (CONFIRMED) or not (OVERTURNED). A label for the overturn rate; the job is not changed.
     */
    public record Sample(Verdict verdict, Instant checkedAt) {
        public enum Verdict { CONFIRMED, OVERTURNED }

        public Sample {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(checkedAt, "checkedAt");
        }
    }

    public JobKpis {
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(pricing, "pricing");
        steps = steps == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(steps));
        costParts = costParts == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(costParts));
    }

    /**
     * One step's use in the job.
     *
     * @param placement  FUNCTION or AGENT
     * @param gbSeconds  Lambda GB-seconds (memory x duration); 0 on the agent
     */
    public record StepUsage(String placement, long invocations, long millis, double gbSeconds) {
    }

    /** A human review: its verdict and how long the job waited for it. */
    public record Review(Verdict verdict, long millis) {
        public enum Verdict { APPROVED, REJECTED, TIMED_OUT }
    }

    /**
     * What a job's models did, as its pipeline reports it when it knows (e.g. the step that gathers the classifications and
     * the findings of a document). The KPIs count invocations and tokens and price the tokens; drift
     * compares the feature mix, and groups jobs by model version and policy bundle.
     *
     * @param modelVersion the model(s) that served the job as {@code modelId@version}, sorted and comma-separated when several
     * @param invocations  model invocations
     * @param inputTokens  tokens read, as the hosted model reports them (0 for a model without tokens)
     * @param outputTokens tokens written
     * @param features     the job's feature mix: a count by feature name (e.g. a document's findings by type)
     */
    public record Inference(String modelVersion, long invocations, long inputTokens, long outputTokens, Map<String, Long> features) {
        public Inference {
            Objects.requireNonNull(modelVersion, "modelVersion");
            if (invocations < 0 || inputTokens < 0 || outputTokens < 0) {
                throw new IllegalArgumentException("counts cannot be negative");
            }
            features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(features));
        }

        public long tokens() {
            return inputTokens + outputTokens;
        }
    }

    /** The prices the cost was computed with: their region and date. */
    public record Pricing(String region, LocalDate asOf) {
    }
}
