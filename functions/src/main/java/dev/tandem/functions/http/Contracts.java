package dev.tandem.functions.http;

import dev.tandem.contracts.validation.ContractValidator;
import dev.tandem.functions.observability.Tracing;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Init-time bootstraps that do not depend on the application context, run on their own threads when
 * a handler class loads so that they overlap the context start: compiling the JSON Schemas (the one
 * validator of this function instance), the X-Ray recorder, and the logging stack. Each takes about
 * as long as the context itself (measured: 350-450 ms each on one core); Lambda gives init a full CPU,
 * and with SnapStart the result is snapshotted.
 */
public final class Contracts {

    private static final CompletableFuture<ContractValidator> VALIDATOR = start("tandem-contracts-loader", ContractValidator::load);
    private static final CompletableFuture<Boolean> TRACING_AND_LOGGING = start("tandem-observability-loader", () -> {
        Tracing.init();
        LoggerFactory.getLogger(Contracts.class).debug("logging ready");
        PowertoolsLogging.clearBuffer();
        return true;
    });

    private Contracts() {
    }

    private static <T> CompletableFuture<T> start(String name, java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Starts the bootstraps (by initializing this class); returns at once. */
    public static void preload() {
        // The static initializer does the work.
    }

    /** Waits until every bootstrap is done, so init ends with nothing left for the first request. */
    public static void awaitReady() {
        VALIDATOR.join();
        TRACING_AND_LOGGING.join();
    }

    /** The validator; waits for the background load on first use. */
    public static ContractValidator validator() {
        return VALIDATOR.join();
    }
}
