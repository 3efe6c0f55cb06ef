package dev.tandem.agent.observability;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.entities.TraceHeader;
import com.amazonaws.xray.plugins.ECSPlugin;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import dev.tandem.agent.config.AgentConfig;
import dev.tandem.contracts.infra.LogField;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Continues each job's X-Ray trace in the agent. The Govern message carries the workflow's trace
 * header; a step becomes a segment of that trace (annotated with {@code jobId}), the policy evaluation a
 * subsegment, and every SDK call (DynamoDB, S3, SQS, Step Functions) a subsegment through the
 * clients' {@code TracingInterceptor}. Segments go over UDP to the ADOT collector sidecar
 * ({@code AWS_XRAY_DAEMON_ADDRESS}, default 127.0.0.1:2000); with nothing listening they are dropped.
 *
 * <p>The job id, pipeline, step, trace id and correlation id are put in the logging MDC for the step
 * ({@link LogField}, the names the functions use), so every JSON log line carries them.
 */
@Singleton
public class AgentTracing {

    private static final String SEGMENT = "tandem-agent";

    private final AWSXRayRecorder recorder;

    public AgentTracing(AgentConfig config) {
        if (config.tracing()) {
            AWSXRayRecorderBuilder builder = AWSXRayRecorderBuilder.standard()
                    // Calls outside a step (polling, heartbeats) have no segment; that is not an error.
                    .withContextMissingStrategy(new IgnoreErrorContextMissingStrategy());
            if (config.xrayDaemonAddress() != null) {
                DaemonConfiguration daemon = new DaemonConfiguration();
                daemon.setDaemonAddress(config.xrayDaemonAddress());
                try {
                    builder.withEmitter(Emitter.create(daemon));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the X-Ray emitter for " + config.xrayDaemonAddress(), e);
                }
            }
            if (config.ecsMetadataUri() != null) {
                builder.withPlugin(new ECSPlugin());
            }
            this.recorder = builder.build();
            AWSXRay.setGlobalRecorder(recorder);
        } else {
            this.recorder = null;
        }
    }

    /** A step's trace scope; close it when the step ends. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();

        void error(Throwable t);
    }

    public Scope step(String jobId, String pipeline, String step, String correlationId, String traceHeader) {
        MDC.put(LogField.JOB_ID.key(), jobId);
        MDC.put(LogField.PIPELINE.key(), pipeline);
        MDC.put(LogField.STEP.key(), step);
        if (correlationId != null) {
            MDC.put(LogField.CORRELATION_ID.key(), correlationId);
        }
        String incoming = LogField.traceIdOf(traceHeader);
        if (incoming != null) {
            // Also when tracing is off: the log line still names the job's trace.
            MDC.put(LogField.TRACE_ID.key(), incoming);
        }
        if (recorder == null) {
            return scope(null);
        }
        Segment segment;
        TraceHeader header = traceHeader == null || traceHeader.isBlank() ? null : TraceHeader.fromString(traceHeader);
        if (header != null && header.getRootTraceId() != null) {
            segment = recorder.beginSegment(SEGMENT, header.getRootTraceId(), header.getParentId());
            if (header.getSampled() == TraceHeader.SampleDecision.NOT_SAMPLED) {
                segment.setSampled(false);
            }
        } else {
            segment = recorder.beginSegmentWithSampling(SEGMENT);
        }
        segment.putAnnotation("jobId", jobId);
        MDC.put(LogField.TRACE_ID.key(), segment.getTraceId().toString());
        return scope(segment);
    }

    private Scope scope(Segment segment) {
        return new Scope() {
            @Override
            public void close() {
                try {
                    if (segment != null) {
                        recorder.endSegment();
                    }
                } finally {
                    for (LogField field : LogField.values()) {
                        MDC.remove(field.key());
                    }
                }
            }

            @Override
            public void error(Throwable t) {
                if (segment != null) {
                    segment.addException(t);
                }
            }
        };
    }

    /** Runs {@code work} as a named subsegment of the current step (or plainly, outside one). */
    public <T> T subsegment(String name, Supplier<T> work) {
        if (recorder == null || recorder.getTraceEntity() == null) {
            return work.get();
        }
        Subsegment sub = recorder.beginSubsegment(name);
        try {
            return work.get();
        } catch (RuntimeException e) {
            sub.addException(e);
            throw e;
        } finally {
            recorder.endSubsegment();
        }
    }
}
