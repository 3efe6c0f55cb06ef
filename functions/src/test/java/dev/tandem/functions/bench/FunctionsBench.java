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
 * Lambda jar, against dynalite and S3Proxy (embedded here) and a wire-level Step Functions / SSM
 * fake. Each run is a fresh JVM, as a Lambda cold start is. Prints figures; asserts nothing.
 *
 * <p>Then, on the steps jar: AnalyzeChunk warm p50/p99 over the chunks of {@code meeting-notes-long.txt},
 * and the analyzer's throughput on one thread.
 *
 * <p>Usage: {@code FunctionsBench <api.jar> <steps.jar> <child classes dir> <samples dir> [runs] [warm requests]}
 */
public final class FunctionsBench {

    private FunctionsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path stepsJar = Path.of(args[1]);
        Path childClasses = Path.of(args[2]);
        Path samples = Path.of(args[3]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int warm = args.length > 5 ? Integer.parseInt(args[5]) : 300;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no API Lambda jar at " + jar + "; build it with mvn -pl functions -am package");
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
                String fake = "http://127.0.0.1:" + aws.port();
                List<Map<String, Double>> results = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    results.add(runChild(jar, childClasses, List.of(ColdStartChild.class.getName(), Integer.toString(warm)), e, tables, fake));
                }
                print(results, runs, warm);
                String notes = Files.readString(samples.resolve("meeting-notes-long.txt"));
                Path input = stageDocument(e, notes, tables.get("jobs"));
                Map<String, Double> steps = runChild(stepsJar, childClasses, List.of(StepsBenchChild.class.getName(), input.toString(), "1000"), e, tables, fake);
                System.out.printf(Locale.ROOT, "%nAnalyzeChunk on the steps jar, meeting-notes-long.txt (%d chunks, 1000 warm invocations)%n", steps.get("chunks").intValue());
                System.out.printf(Locale.ROOT, "  p50 %.2f ms   p99 %.2f ms%n", steps.get("analyzeP50Ms"), steps.get("analyzeP99Ms"));
                System.out.println("\n(the analyzer's precision, recall and throughput: scripts/bench analyzer)");
            } finally {
                aws.stop();
            }
        }
    }

    /** Uploads the document as a submission would and writes the workflow input for the steps child. */
    private static Path stageDocument(AwsEndpoints e, String text, String jobsTable) throws java.io.IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(e)) {
            dynamoDb.putItem(b -> b.tableName(jobsTable).item(Map.of(
                    "jobId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("bench-job"),
                    "status", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("RUNNING"),
                    "progress", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(Map.of()))));
        }
        try (S3Client s3 = AwsClients.s3(e)) {
            s3.putObject(b -> b.bucket("bench-documents").key("jobs/bench-job/raw.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
        }
        // The chunks the workflow's Map step hands AnalyzeChunk: the normalized text in S3 and its chunk items.
        String normalized = dev.tandem.functions.steps.analysis.Chunker.normalize(text);
        try (S3Client s3 = AwsClients.s3(e)) {
            s3.putObject(b -> b.bucket("bench-documents").key("jobs/bench-job/normalized.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(normalized, StandardCharsets.UTF_8));
        }
        var input = dev.tandem.functions.steps.analysis.Chunker.split(normalized).stream()
                .map(c -> new dev.tandem.functions.steps.StepState.ChunkItem("bench-job", "s3://bench-documents/jobs/bench-job/normalized.txt",
                        c.index(), c.start(), c.end(), c.windowStart(), c.windowEnd(), c.windowByteStart(), c.windowByteEnd()))
                .toList();
        Path file = Files.createTempFile("tandem-bench-input", ".json");
        Files.writeString(file, dev.tandem.contracts.json.Json.write(input));
        return file;
    }

    private static Map<String, Double> runChild(Path jar, Path classes, List<String> main, AwsEndpoints e, Map<String, String> tables,
                                                String fake) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // What the Lambda java21 runtime runs with: tiered compilation stopped at C1 favours start-up.
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Daws.region=" + e.region().id(),
                "-Dtandem.access-key-id=" + e.accessKeyId(), "-Dtandem.secret-access-key=" + e.secretAccessKey(),
                "-Dtandem.endpoints.dynamodb=" + e.dynamoDb(), "-Dtandem.endpoints.s3=" + e.s3(),
                "-Dtandem.endpoints.sfn=" + fake, "-Dtandem.endpoints.ssm=" + fake,
                "-Dtandem.bucket=bench-documents",
                "-Dtandem.state-machine-arns=example=arn:aws:states:us-east-1:123456789012:stateMachine:bench",
                "-Dlog4j2.level=WARN"));
        tables.forEach((logical, physical) -> command.add("-Dtandem.table." + logical + "=" + physical));
        // The jar, the bench classes, and the example pipeline they register (a layer would carry it in Lambda).
        String example = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains("shared-contracts") && (entry.endsWith("-tests.jar") || entry.endsWith("test-classes")))
                .findFirst().orElseThrow(() -> new IllegalStateException("the SPI's example pipeline is not on the bench's class path"));
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + classes + java.io.File.pathSeparator + example));
        command.addAll(main);
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
        if (process.waitFor() != 0 || figures.isEmpty()) {
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
