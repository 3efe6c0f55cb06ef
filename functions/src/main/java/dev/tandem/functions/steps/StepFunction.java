package dev.tandem.functions.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.http.Contracts;
import dev.tandem.functions.observability.Tracing;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.executor.FunctionInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Base of the pipeline step handlers the state machine invokes. Reads the task input as JSON with
 * the contracts' mapper, runs the step, writes the output JSON. A failure is rethrown: Lambda reports
 * its class name as the error type, which is what the workflow's Retry and Catch match.
 */
public abstract class StepFunction extends FunctionInitializer implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StepFunction.class);

    static {
        Contracts.preload();
    }

    protected StepFunction() {
        super();
        Contracts.awaitReady();
    }

    protected StepFunction(ApplicationContext context) {
        super(context);
        Contracts.awaitReady();
    }

    /** The blueprint step name, e.g. {@code Extract}: log key and metric dimension. */
    protected abstract String step();

    protected abstract Object run(JsonNode input, StepContext context);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode in = Json.mapper().readTree(input);
        Object out = context == null ? execute(in, StepContext.of(null)) : PowertoolsLogging.withLogging(context, () -> execute(in, StepContext.of(context)));
        Json.mapper().writeValue(output, out);
    }

    /** The trace annotations of a step: the job and, where the task input names it, the pipeline. */
    private static Map<String, String> annotations(String jobId, String pipeline) {
        if (jobId == null) {
            return Map.of();
        }
        return pipeline == null ? Map.of("jobId", jobId) : Map.of("jobId", jobId, "pipeline", pipeline);
    }

    /** The job the input is about (log key and trace annotation): the workflow state's {@code jobId}. */
    protected String jobIdOf(JsonNode input) {
        return input.path("jobId").asText(null);
    }

    /** The pipeline this function is deployed for (its environment); null for the platform's functions and in tests. */
    private static final String DEPLOYED_FOR = System.getenv(dev.tandem.contracts.infra.ConfigKey.PIPELINE.environmentVariable());

    /** Runs the step on parsed input (also the entry point for tests and the local stack). */
    public Object execute(JsonNode input, StepContext context) {
        String jobId = jobIdOf(input);
        // A Map iteration's input may not carry the pipeline; the function is deployed for one.
        String pipeline = input.path("pipeline").asText(DEPLOYED_FOR);
        putIfPresent(LogField.JOB_ID, jobId);
        putIfPresent(LogField.PIPELINE, pipeline);
        putIfPresent(LogField.TRACE_ID, LogField.traceIdOf(Tracing.currentTraceHeader()));
        MDC.put(LogField.STEP.key(), step());
        long start = System.nanoTime();
        try {
            Object result = Tracing.inSubsegment(step(), annotations(jobId, pipeline), () -> run(input, context));
            double millis = (System.nanoTime() - start) / 1e6;
            LOG.info("step done latencyMs={}", Math.round(millis));
            Metrics metrics = MetricsFactory.getMetricsInstance();
            metrics.setNamespace("Tandem");
            metrics.addDimension("Step", step());
            metrics.addMetric("StepLatency", millis, MetricUnit.MILLISECONDS);
            metrics.flush();
            return result;
        } catch (RuntimeException e) {
            LOG.error("step failed: {}", e.toString());
            throw e;
        } finally {
            for (LogField field : LogField.values()) {
                MDC.remove(field.key());
            }
        }
    }

    private static void putIfPresent(LogField field, String value) {
        if (value != null) {
            MDC.put(field.key(), value);
        }
    }
}
