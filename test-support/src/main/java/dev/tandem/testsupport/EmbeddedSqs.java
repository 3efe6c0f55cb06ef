package dev.tandem.testsupport;

import dev.tandem.testsupport.internal.Ports;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ, an in-process implementation of the SQS API (visibility timeouts, redrive, long polling). */
public final class EmbeddedSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final URI endpoint;

    private EmbeddedSqs(SQSRestServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    public static EmbeddedSqs start() {
        int port = Ports.free();
        // The server address is what ElasticMQ writes into queue URLs; it must match where it listens.
        SQSRestServer server = SQSRestServerBuilder.withPort(port)
                .withInterface("127.0.0.1")
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion("us-east-1")
                .withAWSAccountId("000000000000")
                .start();
        server.waitUntilStarted();
        return new EmbeddedSqs(server, port);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
