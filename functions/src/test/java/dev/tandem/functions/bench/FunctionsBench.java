package dev.tandem.functions.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.testsupport.AwsClients;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.EmbeddedAwsBackend;
import dev.tandem.testsupport.Provisioning;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code scripts/bench functions}: cold start and warm latency of {@code POST /v1/jobs} on the shaded
 * Lambda jar, against DynamoDB Local and S3Proxy (embedded here) and a wire-level Step Functions / SSM
 * fake. Each run is a fresh JVM, as a Lambda cold start is. Prints figures; asserts nothing.
 *
 * <p>Usage: {@code FunctionsBench <lambda.jar> <child classes dir> [runs] [warm requests]}
 */
public final class FunctionsBench {

    private FunctionsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path childClasses = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no Lambda jar at " + jar + "; build it with mvn -pl functions -am package");
        }
        try (EmbeddedAwsBackend backend = EmbeddedAwsBackend.start()) {
            AwsEndpoints e = backend.endpoints();
            Map<String, String> tables;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(e); S3Client s3 = AwsClients.s3(e)) {
                tables = Provisioning.createTables(dynamoDb, "bench", Tables.ALL);
                s3.createBucket(b -> b.bucket("bench-documents"));
            }
            WireMockServer aws = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").disableRequestJournal());
            aws.start();
            aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.0")
                            .withBody("{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:bench:run\",\"startDate\":1.7952E9}")));
            aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody("{\"__type\":\"ParameterNotFound\",\"message\":\"none\"}")));
            try {
                List<Map<String, Double>> results = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    results.add(runChild(jar, childClasses, warm, e, tables, "http://127.0.0.1:" + aws.port()));
                }
                print(results, runs, warm);
            } finally {
                aws.stop();
            }
        }
    }

    private static Map<String, Double> runChild(Path jar, Path classes, int warm, AwsEndpoints e, Map<String, String> tables,
                                                String fake) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // What the Lambda java21 runtime runs with: tiered compilation stopped at C1 favours start-up.
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Daws.region=" + e.region().id(),
                "-Dtandem.access-key-id=" + e.accessKeyId(), "-Dtandem.secret-access-key=" + e.secretAccessKey(),
                "-Dtandem.endpoints.dynamodb=" + e.dynamoDb(), "-Dtandem.endpoints.s3=" + e.s3(),
                "-Dtandem.endpoints.sfn=" + fake, "-Dtandem.endpoints.ssm=" + fake,
                "-Dtandem.bucket=bench-documents",
                "-Dtandem.state-machine-arn=arn:aws:states:us-east-1:123456789012:stateMachine:bench",
                "-Dlog4j2.level=WARN"));
        tables.forEach((logical, physical) -> command.add("-Dtandem.table." + logical + "=" + physical));
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + classes, ColdStartChild.class.getName(), Integer.toString(warm)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, Double> figures = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && line.matches("[a-zA-Z0-9]+=[0-9.]+")) {
                    figures.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
                }
            }
        }
        if (process.waitFor() != 0 || !figures.containsKey("coldStartMs")) {
            throw new IllegalStateException("benchmark child failed:\n" + output);
        }
        return figures;
    }

    private static void print(List<Map<String, Double>> results, int runs, int warm) {
        System.out.printf(Locale.ROOT, "%nPOST /v1/jobs on the shaded Lambda jar (%d fresh JVMs, %d warm requests each, %d cores, Java %s)%n",
                runs, warm, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (String key : List.of("coldStartMs", "jvmToInitMs", "initMs", "firstRequestMs", "warmP50Ms", "warmP99Ms")) {
            double[] values = results.stream().mapToDouble(m -> m.get(key)).sorted().toArray();
            System.out.printf(Locale.ROOT, "  %-15s median %8.1f ms   min %8.1f   max %8.1f%n", key,
                    ColdStartChild.percentile(values, 50), values[0], values[values.length - 1]);
        }
        System.out.println("  (coldStart = JVM start to the first handled request = jvmToInit + init + firstRequest)");
    }
}
