package dev.tandem.testsupport;

import dev.tandem.testsupport.internal.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3Proxy: the S3 REST API over an in-memory store or a directory.
 *
 * <p>Signatures are not verified (as in LocalStack's default): S3Proxy 2.6.0 rejects correctly signed
 * SigV4 requests whose Content-Type carries parameters such as {@code charset}, because its Jetty
 * rewrites that header before the check (gaul/s3proxy#392). Product code must not bend around that.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private EmbeddedS3(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    /** @param dataDir where to keep the objects, or null to keep them in memory */
    public static EmbeddedS3 start(Path dataDir) {
        Properties overrides = new Properties();
        ContextBuilder builder;
        if (dataDir == null) {
            builder = ContextBuilder.newBuilder("transient");
        } else {
            overrides.setProperty("jclouds.filesystem.basedir", dataDir.toString());
            builder = ContextBuilder.newBuilder("filesystem");
        }
        BlobStoreContext context = builder.overrides(overrides).build(BlobStoreContext.class);
        int port = Ports.free();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 10 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("S3Proxy did not start on port " + port + ": " + e.getMessage(), e);
        }
        return new EmbeddedS3(proxy, context, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop cleanly", e);
        } finally {
            context.close();
        }
    }
}
