package dev.tandem.functions.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.Limits;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.problem.ContractViolationException;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Jobs that arrive as events ({@code JobEventNames.SUBMIT} on the account's default bus): the event's detail is submitted
 * as {@link SubmitJob} submits a request's body, by the caller {@code event:<source>} in the submitter role, with the
 * event's id as the idempotency key (EventBridge delivers at least once; a redelivery makes no second job). What the
 * API would refuse with a 4xx is refused here too, with nothing written but a record of the refusal (the problem, the
 * event's id, source and time, and its detail) under {@code rejected/} in the documents bucket and a count
 * ({@code SubmissionEventsRejected}, by pipeline; the reason is in the record and the log); what fails otherwise is thrown, so EventBridge retries it.
 */
@Singleton
public class SubmitFromEvent {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitFromEvent.class);
    /** EventBridge's sources: letters, digits and . _ - / (what may follow {@code event:} in a job's owner). */
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._/-]{1,256}");

    /** What became of an event: the job, or the refusal's record. */
    public record Outcome(String eventId, String jobId, boolean replayed, String rejectedRecord, String problemType) {
    }

    private final SubmitJob submitJob;
    private final DocumentStore documents;

    public SubmitFromEvent(SubmitJob submitJob, DocumentStore documents) {
        this.submitJob = submitJob;
        this.documents = documents;
    }

    public Outcome submit(JsonNode event) {
        String id = event.path("id").asText("");
        String source = event.path("source").asText("");
        if (id.isEmpty() || !SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("not an EventBridge event: it needs an id and a source");
        }
        JsonNode detail = event.path("detail");
        byte[] body = Json.write(detail).getBytes(StandardCharsets.UTF_8);
        ApiException refused;
        try {
            if (!detail.isObject()) {
                throw ApiException.of(ProblemType.VALIDATION, "the event's detail must be the JSON object POST /v1/jobs takes");
            }
            Requests.requireAtMost(body, Limits.MAX_REQUEST_BODY_BYTES, "The event's detail");
            Caller caller = new Caller("event:" + source, Set.of(Role.SUBMITTER));
            SubmitJob.Accepted accepted = submitJob.accept(caller, body, "event-" + id, id, null, true);
            LOG.info("submission event accepted eventId={} source={} replayed={}", id, source, accepted.replayed());
            return new Outcome(id, accepted.job().jobId(), accepted.replayed(), null, null);
        } catch (ApiException e) {
            if (e.problem().status() >= 500) {
                throw e;
            }
            refused = e;
        } catch (ContractViolationException e) {
            refused = ApiException.of(e.problem());
        }
        return reject(event, id, source, detail, body, refused.problem(), refused.reason());
    }

    private Outcome reject(JsonNode event, String id, String source, JsonNode detail, byte[] body, ProblemDetails problem, String reason) {
        // A body that names no pipeline is the default pipeline's, as at the API.
        String pipeline = detail.path("pipeline").isTextual() ? detail.path("pipeline").asText()
                : Pipelines.defaultPipeline().map(PipelineDefinition::name).orElse("none");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventId", id);
        record.put("source", source);
        record.put("time", event.path("time").asText(null));
        record.put("pipeline", pipeline);
        record.put("problem", problem);
        record.put("detailSha256", Digests.sha256Hex(body));
        record.put("detail", detail);
        String day = Instant.now().atZone(ZoneOffset.UTC).toLocalDate().toString();
        String uri = documents.putRejected(day, id, Json.write(record).getBytes(StandardCharsets.UTF_8));
        try {
            MetricsFactory.getMetricsInstance().flushSingleMetric(Stages.SUBMISSIONS_REJECTED_METRIC, 1, MetricUnit.COUNT, Stages.METRICS_NAMESPACE,
                    DimensionSet.of(Stages.PIPELINE_DIMENSION, pipeline));
        } catch (RuntimeException e) {
            LOG.warn("could not count the refused submission: {}", e.toString());
        }
        // The line names the event, the reason and the record, never the detail's content.
        LOG.warn("submission event refused eventId={} source={} pipeline={} reason={} record={}", id, source, pipeline, reason, uri);
        return new Outcome(id, null, false, uri, reason);
    }
}
