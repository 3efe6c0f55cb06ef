package dev.tandem.functions.events;

import dev.tandem.contracts.infra.JobEventNames;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Publishes the job-ended event ({@link JobEventNames}) when a job reaches a terminal status. */
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
}
