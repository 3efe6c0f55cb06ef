package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@AwsEngines
class AwsEnginesExtensionIT {

    @Test
    void endpoints_matchTheSelectedBackend(AwsEndpoints endpoints) {
        String expected = System.getProperty(AwsBackend.PROPERTY, "embedded");
        assertThat(endpoints.backend()).isEqualTo(expected.isBlank() ? "embedded" : expected);
        if (endpoints.backend().equals("embedded")) {
            assertThat(endpoints.dynamoDb().getHost()).isEqualTo("127.0.0.1");
            assertThat(endpoints.dynamoDb().getPort()).isNotEqualTo(endpoints.sqs().getPort()).isNotEqualTo(endpoints.s3().getPort());
        }
    }
}
