package dev.tandem.cdk.ops;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The SDK clients the operations CLI uses: the default credential and region chains, or an endpoint override. */
public record OpsClients(LambdaClient lambda, SfnClient sfn, EcsClient ecs, SsmClient ssm, CloudWatchClient cloudWatch) implements AutoCloseable {

    /** {@code endpoint} null: the real AWS endpoints of the configured region, with the default credential chain. */
    public static OpsClients create(URI endpoint) {
        return create(endpoint, null, null);
    }

    /** With an explicit region and credentials (null: the default chains). */
    public static OpsClients create(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return new OpsClients(build(LambdaClient.builder(), endpoint, region, credentials), build(SfnClient.builder(), endpoint, region, credentials),
                build(EcsClient.builder(), endpoint, region, credentials), build(SsmClient.builder(), endpoint, region, credentials),
                build(CloudWatchClient.builder(), endpoint, region, credentials));
    }

    private static <C, B extends AwsClientBuilder<B, C>> C build(B builder, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (region != null) {
            builder.region(region);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder.build();
    }

    @Override
    public void close() {
        lambda.close();
        sfn.close();
        ecs.close();
        ssm.close();
        cloudWatch.close();
    }
}
