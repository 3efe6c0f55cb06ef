package dev.tandem.testsupport;

import java.time.Duration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real SDK v2 clients pointed at a backend's endpoints. */
public final class AwsClients {

    private AwsClients() {
    }

    /** SQS long polls hold a connection for up to 20 s, so the read timeout must exceed that. */
    private static SdkHttpClient http() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    public static DynamoDbClient dynamoDb(AwsEndpoints e) {
        return DynamoDbClient.builder().endpointOverride(e.dynamoDb()).region(e.region())
                .credentialsProvider(e.credentials()).httpClient(http()).build();
    }

    public static SqsClient sqs(AwsEndpoints e) {
        return SqsClient.builder().endpointOverride(e.sqs()).region(e.region())
                .credentialsProvider(e.credentials()).httpClient(http()).build();
    }

    /**
     * Path-style addressing (no per-bucket DNS names locally), and checksums only where S3 requires
     * them: the SDK's default aws-chunked trailing checksums are not understood by every S3 engine.
     */
    public static S3Client s3(AwsEndpoints e) {
        return S3Client.builder().endpointOverride(e.s3()).region(e.region())
                .credentialsProvider(e.credentials()).httpClient(http())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
    }
}
