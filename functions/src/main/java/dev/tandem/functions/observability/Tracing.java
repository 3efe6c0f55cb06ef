package dev.tandem.functions.observability;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import java.util.Map;
import java.util.function.Supplier;

/**
 * X-Ray helpers. In Lambda the runtime opens the invocation's segment and the SDK's
 * {@code TracingInterceptor} records each AWS call under it; this class adds a named subsegment
 * carrying the {@code jobId} and {@code pipeline} annotations, so traces can be searched by job.
 */
public final class Tracing {

    private static final boolean IN_LAMBDA = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;

    static {
        if (!IN_LAMBDA) {
            // Outside Lambda (tests, local stack) there is no segment to attach to: record nothing, quietly.
            AWSXRay.setGlobalRecorder(AWSXRayRecorderBuilder.standard()
                    .withContextMissingStrategy(new IgnoreErrorContextMissingStrategy()).build());
        }
    }

    private Tracing() {
    }

    /** Forces the recorder configuration above; call once at init. */
    public static void init() {
        // The static initializer does the work.
    }

    /** The trace header of the current invocation, to hand to the workflow; null outside Lambda. */
    public static String currentTraceHeader() {
        String header = System.getProperty("com.amazonaws.xray.traceHeader");
        return header != null ? header : System.getenv("_X_AMZN_TRACE_ID");
    }

    /** Runs {@code work} in a subsegment annotated with the given values (only when tracing is active). */
    public static <T> T inSubsegment(String name, Map<String, String> annotations, Supplier<T> work) {
        if (!IN_LAMBDA) {
            return work.get();
        }
        Subsegment sub = AWSXRay.beginSubsegment(name);
        try {
            annotations.forEach((k, v) -> {
                if (v != null) {
                    sub.putAnnotation(k, v);
                }
            });
            return work.get();
        } catch (RuntimeException e) {
            sub.addException(e);
            throw e;
        } finally {
            AWSXRay.endSubsegment();
        }
    }
}
