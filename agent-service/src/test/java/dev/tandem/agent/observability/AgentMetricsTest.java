package dev.tandem.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.infra.PublishedMetrics;
import dev.tandem.contracts.pipeline.Outcome;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.MockClock;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/** What the agent's meters become in CloudWatch is what the dashboard reads ({@link PublishedMetrics}). */
class AgentMetricsTest {

    @Test
    void theDecisionsCounter_arrivesInCloudWatchUnderThePublishedNameNamespaceAndDimension() throws Exception {
        Properties app = new Properties();
        try (InputStream in = AgentMetricsTest.class.getResourceAsStream("/application.properties")) {
            app.load(in);
        }
        String namespace = app.getProperty("micronaut.metrics.export.cloudwatch.namespace");
        CloudWatchConfig config = new CloudWatchConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String namespace() {
                return namespace;
            }
        };
        MockClock clock = new MockClock();
        try (CloudWatchAsyncClient client = CloudWatchAsyncClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(config, clock, client);
            new AgentMetrics(registry).decision(Outcome.ALLOW_WITH_REDACTION);
            clock.add(config.step());

            // The data the registry would send in its next PutMetricData (package-private, read for this test).
            Method metricData = CloudWatchMeterRegistry.class.getDeclaredMethod("metricData");
            metricData.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<MetricDatum> data = (List<MetricDatum>) metricData.invoke(registry);

            assertThat(namespace).isEqualTo(PublishedMetrics.AGENT_DECISIONS.namespace());
            MetricDatum decisions = data.stream().filter(d -> d.metricName().equals(PublishedMetrics.AGENT_DECISIONS.name()))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + PublishedMetrics.AGENT_DECISIONS.name() + " in " + data));
            assertThat(decisions.dimensions()).extracting(Dimension::name).containsExactlyElementsOf(PublishedMetrics.AGENT_DECISIONS.dimensions());
            assertThat(decisions.dimensions()).extracting(Dimension::value).containsExactly("ALLOW_WITH_REDACTION");
            assertThat(decisions.value()).isEqualTo(1.0);
            registry.close();
        }
    }
}
