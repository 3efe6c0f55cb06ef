package dev.tandem.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;

/** LocalStack in a container, for runs on machines with a Docker engine ({@code -Dtandem.backend=localstack}). */
public final class LocalStackBackend implements AwsBackend {

    /** Pinned: a moving tag would change the engine under the tests. */
    public static final String IMAGE = "localstack/localstack:4.9.2";

    private final LocalStackContainer container;
    private final AwsEndpoints endpoints;

    private LocalStackBackend(LocalStackContainer container) {
        this.container = container;
        this.endpoints = new AwsEndpoints("localstack", container.getEndpoint(), container.getEndpoint(),
                container.getEndpoint(), Region.of(container.getRegion()), container.getAccessKey(), container.getSecretKey());
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static LocalStackBackend start() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices("dynamodb", "sqs", "s3");
        container.start();
        return new LocalStackBackend(container);
    }

    @Override
    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        container.stop();
    }
}
