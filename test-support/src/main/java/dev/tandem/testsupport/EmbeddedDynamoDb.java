package dev.tandem.testsupport;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.tandem.testsupport.internal.Ports;
import java.net.URI;
import java.nio.file.Path;

/** AWS's own DynamoDB Local, in-process, in memory or persisted to a directory. */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** @param dataDir where to keep the tables, or null to keep them in memory */
    public static EmbeddedDynamoDb start(Path dataDir) {
        int port = Ports.free();
        String[] args = dataDir == null
                ? new String[] {"-inMemory", "-port", String.valueOf(port), "-disableTelemetry"}
                : new String[] {"-dbPath", dataDir.toString(), "-sharedDb", "-port", String.valueOf(port), "-disableTelemetry"};
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
            server.start();
            return new EmbeddedDynamoDb(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
