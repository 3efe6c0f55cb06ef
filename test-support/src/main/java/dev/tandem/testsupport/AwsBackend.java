package dev.tandem.testsupport;

/** A running set of AWS API engines. Closing it stops them and frees their ports. */
public interface AwsBackend extends AutoCloseable {

    /** System property choosing the backend: {@code embedded} (default) or {@code localstack}. */
    String PROPERTY = "tandem.backend";

    AwsEndpoints endpoints();

    @Override
    void close();
}
