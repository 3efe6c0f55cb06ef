package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.pipeline.spi.Submission;
import dev.tandem.contracts.validation.ContractValidator.PipelineSubmission;
import dev.tandem.aws.killswitch.KillSwitch;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.JobAccepted;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.Limits;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.Contracts;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.JobIds;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import dev.tandem.functions.observability.Tracing;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /v1/jobs}. Every check that can refuse the request runs before anything is written, so
 * a refused request leaves no job, no object and no idempotency record behind.
 */
@Singleton
public class SubmitJob {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitJob.class);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1," + Limits.MAX_IDEMPOTENCY_KEY_LENGTH + "}");
    /** How long clients should wait before retrying a halted pipeline. */
    static final Duration HALTED_RETRY_AFTER = Duration.ofSeconds(30);


    private final KillSwitch killSwitch;
    private final IdempotencyTable idempotency;
    private final DocumentStore documents;
    private final JobTable jobs;
    private final Workflow workflow;
    private final Clock clock;

    public SubmitJob(KillSwitch killSwitch, IdempotencyTable idempotency, DocumentStore documents, JobTable jobs, Workflow workflow) {
        this.killSwitch = killSwitch;
        this.idempotency = idempotency;
        this.documents = documents;
        this.jobs = jobs;
        this.workflow = workflow;
        this.clock = Clock.systemUTC();
    }

    public ApiResponse submit(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.SUBMITTER);
        Requests.requireJsonBody(request, Limits.MAX_REQUEST_BODY_BYTES);
        Accepted accepted = accept(caller, request.body(), request.header("Idempotency-Key"),
                request.correlationId(), request.traceHeader(), false);
        return accepted(accepted.job(), accepted.replayed());
    }

    /** A job accepted, or the one an earlier submission with the same idempotency key made ({@code replayed}). */
    public record Accepted(JobAccepted job, boolean replayed) {
    }

    /**
     * Accepts a job for this caller: the body against the selected pipeline's input contract, the kill switch, the
     * idempotency key, then the payload, the job record and the execution, in that order, undone if a later one fails.
     *
     * @param byEvent whether the body came as an event ({@code SubmitFromEvent}); then the pipeline must accept events
     * @throws ApiException (or {@code ContractViolationException}) when the submission is refused; nothing was written
     */
    public Accepted accept(Caller caller, byte[] bodyBytes, String key, String correlationId, String traceHeader, boolean byEvent) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiException.invalidParameter("/headers/Idempotency-Key", "Idempotency-Key must be 1 to "
                    + Limits.MAX_IDEMPOTENCY_KEY_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_', ':' or '-' (a UUID works well)");
        }
        PipelineSubmission parsed = Contracts.validator().parseSubmission(bodyBytes);
        String pipeline = parsed.pipeline();
        Submission body = parsed.submission();
        if (byEvent && !Pipelines.named(pipeline).acceptsEvents()) {
            throw ApiException.invalidParameter("/pipeline", "pipeline " + pipeline + " takes its jobs through POST /v1/jobs only, not as events");
        }
        if (killSwitch.isOn(pipeline)) {
            throw ApiException.of(ProblemType.PIPELINE_HALTED, "The " + pipeline
                    + " pipeline is halted by its kill switch; nothing was stored. Retry later.",
                    Map.of("Retry-After", Long.toString(HALTED_RETRY_AFTER.toSeconds())));
        }

        String jobId = JobIds.newId();
        String scopedKey = null;
        if (key != null) {
            scopedKey = IdempotencyTable.scopedKey(caller.subject(), key);
            IdempotencyTable.Claim claim = idempotency.claim(scopedKey, Digests.sha256Hex(bodyBytes), jobId);
            switch (claim) {
                case IdempotencyTable.Claim.Replay replay -> {
                    MDC.put(LogField.JOB_ID.key(), replay.jobId());
                    LOG.info("idempotent replay");
                    return new Accepted(Json.read(replay.response(), JobAccepted.class), true);
                }
                case IdempotencyTable.Claim.BodyMismatch mismatch -> throw ApiException.of(ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was already used with a different body. Use a new key for a new document.");
                case IdempotencyTable.Claim.InFlight inFlight -> throw ApiException.of(ProblemType.IDEMPOTENCY_IN_FLIGHT,
                        "A request with this Idempotency-Key is still being processed; retry after the indicated delay.",
                        Map.of("Retry-After", Long.toString(Math.max(1, (inFlight.retryAfter().toMillis() + 999) / 1000))));
                case IdempotencyTable.Claim.Acquired acquired -> jobId = acquired.jobId();
            }
        }
        MDC.put(LogField.JOB_ID.key(), jobId);
        String finalJobId = jobId;
        String finalKey = scopedKey;
        return Tracing.inSubsegment("SubmitJob", Map.of("jobId", jobId, "pipeline", pipeline),
                () -> new Accepted(create(finalJobId, finalKey, caller, pipeline, body, correlationId, traceHeader), false));
    }

    private JobAccepted create(String jobId, String scopedKey, Caller caller, String pipeline, Submission body, String requestCorrelationId,
                               String traceHeader) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String correlationId = requestCorrelationId != null ? requestCorrelationId : jobId;
        boolean started = false;
        boolean created = false;
        try {
            PayloadRef raw = documents.putRaw(jobId, body.payload());
            JobRecord job = new JobRecord(jobId, pipeline, caller.subject(), body.attributes(), JobStatus.ACCEPTED, now, now, raw,
                    body.name(), body.metadata(), correlationId, List.of(), null, null, null);
            created = jobs.create(job);
            workflow.start(new WorkflowInput(jobId, pipeline, body.attributes(),
                    new WorkflowInput.Principal(caller.subject(), caller.roles().stream().map(Role::groupName).sorted().toList(), null),
                    correlationId, traceHeader, raw));
            started = true;
            JobAccepted accepted = new JobAccepted(jobId, JobStatus.ACCEPTED, now, JobAccepted.Links.forJob(jobId));
            if (scopedKey != null) {
                idempotency.complete(scopedKey, jobId, Json.write(accepted));
            }
            // Attributes are labels the input contract chose to keep (never the payload): safe to log.
            LOG.info("job accepted pipeline={} attributes={} bytes={}", pipeline, body.attributes(), raw.sizeBytes());
            return accepted;
        } catch (RuntimeException e) {
            if (!started) {
                compensate(jobId, scopedKey, created);
            }
            throw e;
        }
    }

    /** Undo what a failed submission wrote, so that it leaves nothing behind; best effort. */
    private void compensate(String jobId, String scopedKey, boolean created) {
        try {
            if (created) {
                jobs.delete(jobId);
            }
            documents.deleteRaw(jobId);
            if (scopedKey != null) {
                idempotency.release(scopedKey, jobId);
            }
        } catch (RuntimeException cleanup) {
            LOG.warn("could not undo a failed submission: {}", cleanup.toString());
        }
    }

    private static ApiResponse accepted(JobAccepted accepted, boolean replayed) {
        return ApiResponse.json(202, accepted, Map.of("Location", accepted.links().self(),
                "Idempotent-Replayed", Boolean.toString(replayed)));
    }
}
