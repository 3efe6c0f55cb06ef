package dev.tandem.testsupport;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where the DynamoDB, SQS and S3 APIs of a test backend listen, and the region and credentials to
 * sign requests with. Product code receives these as endpoint overrides; nothing else changes.
 */
public record AwsEndpoints(String backend, URI dynamoDb, URI sqs, URI s3, Region region, String accessKeyId, String secretAccessKey) {

    public AwsEndpoints {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
}
