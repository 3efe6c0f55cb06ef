package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.ReviewDecisionRequest;
import dev.tandem.contracts.pipeline.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A job a pipeline ships as an example, with what a correct deployment makes of it: {@code scripts/dev demo} submits
 * every registered pipeline's samples and checks each result, and a pipeline's tests run them on the local stack.
 *
 * @param name     a short name, unique within the pipeline (a file name works)
 * @param body     the body of {@code POST /v1/jobs}, valid against the pipeline's input contract, without {@code pipeline}
 *                 (the demo adds it)
 * @param status   the status the job ends with
 * @param decision the outcome the governed step decides, or null when the job takes a path no governed step decides
 * @param review   the verdict the demo's reviewer gives when the job waits for a review; null when it never waits
 * @param items    for a governed step that decides per item ({@link ItemGovernedStep}): each item's expected decision in
 *                 the step's vocabulary; empty otherwise
 * @param roles    the roles of the user who submits it ({@link #SUBMITTER} by default; an operator's job, say, also
 *                 {@code operator}, which the pipeline's policies may require)
 */
public record Sample(String name, String body, JobStatus status, Outcome decision, ReviewDecisionRequest.Verdict review,
                     Map<String, String> items, List<String> roles) {

    /** The role that may submit jobs. */
    public static final String SUBMITTER = "submitter";

    public Sample(String name, String body, JobStatus status, Outcome decision, ReviewDecisionRequest.Verdict review) {
        this(name, body, status, decision, review, Map.of());
    }

    public Sample(String name, String body, JobStatus status, Outcome decision, ReviewDecisionRequest.Verdict review,
                  Map<String, String> items) {
        this(name, body, status, decision, review, items, List.of(SUBMITTER));
    }

    public Sample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("sample " + name + " must end in a terminal status, not " + status);
        }
        items = items == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(items));
        roles = roles == null || roles.isEmpty() ? List.of(SUBMITTER) : List.copyOf(roles);
        if (!roles.contains(SUBMITTER)) {
            throw new IllegalArgumentException("sample " + name + " must be submitted by a " + SUBMITTER + ", not only " + roles);
        }
    }

    /** A class-path resource of the pipeline's module as UTF-8 text (a sample's body or payload), read through {@code owner}. */
    public static String resource(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample resource " + resource + " is not packaged with " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        // Never the body: it may be long, and it is the sample's payload.
        return "Sample[" + name + " -> " + status + (decision == null ? "" : ", " + decision) + (review == null ? "" : ", review " + review)
                + (items.isEmpty() ? "" : ", items " + items) + "]";
    }
}
