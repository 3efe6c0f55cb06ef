package dev.tandem.testsupport;

import java.nio.file.Path;
import software.amazon.awssdk.regions.Region;

/** ElasticMQ and S3Proxy in this JVM, the DynamoDB API engine (dynalite) as a child process: no Docker, no network beyond loopback. */
public final class EmbeddedAwsBackend implements AwsBackend {

    /** Local engines accept any credentials; these are what clients sign with. */
    public static final String ACCESS_KEY_ID = "tandemlocal";
    public static final String SECRET_ACCESS_KEY = "tandemlocalsecret";

    private final EmbeddedDynamoDb dynamoDb;
    private final EmbeddedSqs sqs;
    private final EmbeddedS3 s3;
    private final AwsEndpoints endpoints;

    private EmbeddedAwsBackend(EmbeddedDynamoDb dynamoDb, EmbeddedSqs sqs, EmbeddedS3 s3) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
        this.endpoints = new AwsEndpoints("embedded", dynamoDb.endpoint(), sqs.endpoint(), s3.endpoint(),
                Region.US_EAST_1, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** In-memory engines. */
    public static EmbeddedAwsBackend start() {
        return start(null);
    }

    /** @param dataDir where DynamoDB and S3 keep their data, or null for memory only */
    public static EmbeddedAwsBackend start(Path dataDir) {
        EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(dataDir == null ? null : dataDir.resolve("dynamodb"));
        EmbeddedSqs sqs = null;
        try {
            sqs = EmbeddedSqs.start();
            EmbeddedS3 s3 = EmbeddedS3.start(dataDir == null ? null : dataDir.resolve("s3"));
            return new EmbeddedAwsBackend(dynamoDb, sqs, s3);
        } catch (RuntimeException e) {
            if (sqs != null) {
                sqs.close();
            }
            dynamoDb.close();
            throw e;
        }
    }

    @Override
    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            try {
                sqs.close();
            } finally {
                dynamoDb.close();
            }
        }
    }
}
