package dev.tandem.functions.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tandem.contracts.audit.AuditDigest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.executor.FunctionInitializer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Lambda handler of {@code WriteAuditDigest}, invoked by its schedule (EventBridge); the event's content is not read. */
public class WriteAuditDigestHandler extends FunctionInitializer implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    WriteAuditDigest writeAuditDigest;

    public WriteAuditDigestHandler() {
        super();
    }

    public WriteAuditDigestHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<AuditDigest> digests = context == null ? writeAuditDigest.run() : PowertoolsLogging.withLogging(context, writeAuditDigest::run);
        return Map.of("sequence", digests.getLast().sequence(), "digests", digests.size(),
                "heads", digests.stream().mapToInt(d -> d.heads().size()).sum());
    }
}
