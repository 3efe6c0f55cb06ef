package dev.tandem.functions.events;

import dev.tandem.contracts.infra.JobEventNames;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Publishes the job-ended event ({@link JobEventNames}) when a job reaches a terminal status, and a pipeline's own events
 * about a job (its actions, say), on the same bus with the same source and job resource.
 */
@Singleton
public class JobEvents {

    private final EventBridgeClient events;
    private final String bus;

    public JobEvents(EventBridgeClient events, FunctionsConfig config) {
        this.events = events;
        this.bus = config.eventBusName();
    }

    /** @param detail ids, statuses, references and versions only: subscribers must not receive document text */
    public void completed(String jobId, Map<String, Object> detail) {
        PutEventsResponse response = events.putEvents(b -> b.entries(e -> e.eventBusName(bus).source(JobEventNames.SOURCE)
                .detailType(JobEventNames.JOB_ENDED).resources(JobEventNames.jobResource(jobId)).detail(Json.write(detail))));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the completion event of job " + jobId + ": "
                    + response.entries().getFirst().errorCode());
        }
    }

    /**
     * Publishes a pipeline's events about a job, in order, ten to a PutEvents call (its limit). A step that is retried
     * publishes them again: subscribers see each at least once and tell repeats by the job and the detail.
     *
     * @param detailType the pipeline's name for the event, e.g. {@code <pipeline>.action}
     * @param details    one detail per event: ids, names, figures and versions, never payload content
     */
    public void publish(String jobId, String detailType, List<Map<String, Object>> details) {
        for (int from = 0; from < details.size(); from += MAX_ENTRIES) {
            List<PutEventsRequestEntry> entries = details.subList(from, Math.min(details.size(), from + MAX_ENTRIES)).stream()
                    .map(d -> PutEventsRequestEntry.builder().eventBusName(bus).source(JobEventNames.SOURCE).detailType(detailType)
                            .resources(JobEventNames.jobResource(jobId)).detail(Json.write(d)).build())
                    .toList();
            PutEventsResponse response = events.putEvents(b -> b.entries(entries));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                throw new IllegalStateException("EventBridge refused " + response.failedEntryCount() + " " + detailType + " events of job "
                        + jobId + ": " + response.entries().stream().filter(e -> e.errorCode() != null).findFirst().map(e -> e.errorCode()).orElse("?"));
            }
        }
    }

    /** The most entries one PutEvents call takes. */
    private static final int MAX_ENTRIES = 10;
}
