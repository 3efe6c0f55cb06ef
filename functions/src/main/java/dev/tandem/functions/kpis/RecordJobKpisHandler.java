package dev.tandem.functions.kpis;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.infra.ExecutionEvents;
import dev.tandem.contracts.json.Json;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.executor.FunctionInitializer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda handler of {@code RecordJobKpis}: the target of the stage's execution-ended rule, invoked with Step Functions'
 * "Step Functions Execution Status Change" event ({@code ExecutionEvents}) for each execution that ended.
 */
public class RecordJobKpisHandler extends FunctionInitializer implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    RecordJobKpis recordJobKpis;

    public RecordJobKpisHandler() {
        super();
    }

    public RecordJobKpisHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        ExecutionEvents.StatusChange.Detail detail = Json.mapper().convertValue(event, ExecutionEvents.StatusChange.class).detail();
        if (detail.executionArn() == null) {
            throw new IllegalArgumentException("not a Step Functions execution status event: no detail.executionArn");
        }
        String jobId = detail.name();
        RecordJobKpis.Ended ended = new RecordJobKpis.Ended(jobId, detail.executionArn(), detail.status(), detail.error(),
                detail.stopDate() != null && detail.stopDate() > 0 ? Instant.ofEpochMilli(detail.stopDate()) : Instant.now());
        JobKpis kpis = context == null ? recordJobKpis.record(ended) : PowertoolsLogging.withLogging(context, () -> recordJobKpis.record(ended));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobId", jobId);
        out.put("recorded", kpis != null);
        if (kpis != null) {
            out.put("costUsd", kpis.costUsd());
            out.put("timeToValueMs", kpis.timeToValueMs());
        }
        return out;
    }
}
