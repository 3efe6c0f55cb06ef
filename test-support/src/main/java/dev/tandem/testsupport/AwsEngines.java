package dev.tandem.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class running AWS engines. Test methods and constructors may declare parameters of
 * type {@link AwsEndpoints}, {@code DynamoDbClient}, {@code SqsClient} and {@code S3Client}.
 *
 * <p>The engines are embedded by default (dynalite (DynamoDB API), ElasticMQ, S3Proxy) and started once per
 * JVM; {@code -Dtandem.backend=localstack} uses LocalStack in a container instead, and the tests are
 * skipped (not failed) where no Docker engine is available.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(AwsEnginesExtension.class)
public @interface AwsEngines {
}
