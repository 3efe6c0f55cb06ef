package dev.tandem.testsupport;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** See {@link AwsEngines}. */
public final class AwsEnginesExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsEnginesExtension.class);

    /** Everything the extension shares across the test run; closed by JUnit when the run ends. */
    private record Engines(AwsBackend backend, DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) implements AutoCloseable {
        @Override
        public void close() {
            try {
                dynamoDb.close();
                sqs.close();
                s3.close();
            } finally {
                backend.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        engines(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsEndpoints.class || type == DynamoDbClient.class || type == SqsClient.class || type == S3Client.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Engines engines = engines(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == AwsEndpoints.class) {
            return engines.backend().endpoints();
        } else if (type == DynamoDbClient.class) {
            return engines.dynamoDb();
        } else if (type == SqsClient.class) {
            return engines.sqs();
        } else if (type == S3Client.class) {
            return engines.s3();
        }
        throw new ParameterResolutionException("unsupported parameter type " + type);
    }

    /** The backend chosen by {@value AwsBackend#PROPERTY}, started once for the whole run. */
    private static Engines engines(ExtensionContext context) {
        String backend = System.getProperty(AwsBackend.PROPERTY, "embedded");
        backend = backend.isBlank() ? "embedded" : backend.trim().toLowerCase(Locale.ROOT);
        if (backend.equals("localstack")) {
            Assumptions.assumeTrue(LocalStackBackend.dockerAvailable(),
                    "-Dtandem.backend=localstack needs a Docker engine; none is available, so this test is skipped");
        } else if (!backend.equals("embedded")) {
            throw new IllegalArgumentException("-D" + AwsBackend.PROPERTY + " must be 'embedded' or 'localstack', was '" + backend + "'");
        }
        String chosen = backend;
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        return store.getOrComputeIfAbsent("engines:" + chosen, key -> {
            AwsBackend started = chosen.equals("localstack") ? LocalStackBackend.start() : EmbeddedAwsBackend.start();
            AwsEndpoints e = started.endpoints();
            return new Engines(started, AwsClients.dynamoDb(e), AwsClients.sqs(e), AwsClients.s3(e));
        }, Engines.class);
    }
}
