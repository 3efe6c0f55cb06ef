package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

@AwsEngines
class S3EngineIT {

    @Test
    void putThenGet_returnsTheSameBytesAndMetadata(S3Client s3) {
        String bucket = "engine-it-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] body = "Kontakt: jürgen.weiß@example.de\n".getBytes(StandardCharsets.UTF_8);

        s3.putObject(b -> b.bucket(bucket).key("jobs/j-1/raw").contentType("text/plain; charset=utf-8")
                .metadata(Map.of("sha256", "abc")), RequestBody.fromBytes(body));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("jobs/j-1/raw"));

        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().metadata()).containsEntry("sha256", "abc");
        assertThat(got.response().contentLength()).isEqualTo(body.length);
    }

    @Test
    void get_ofMissingKey_failsWithNoSuchKey(S3Client s3) {
        String bucket = "engine-it-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));

        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("missing")))
                .isInstanceOf(NoSuchKeyException.class);
    }
}
