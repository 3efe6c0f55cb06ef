package dev.tandem.local;

import dev.tandem.cdk.app.Artifacts;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.json.Json;
import dev.tandem.testsupport.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One local stack for the end-to-end tests, started as scripts/dev starts it, on a free API port, with the pipelines on
 * the test class path. Pipeline modules use it too (the local-stack test jar): their tests run the pipeline on the stack.
 */
public final class RunningStack {

    private static LocalStack stack;

    private RunningStack() {
    }

    /** Where the stack's processes write their logs: each function's, the agent's, Step Functions'. */
    public static Path logDir() {
        return Artifacts.root(Path.of("").toAbsolutePath()).resolve("local-stack/target/it-logs");
    }

    public static synchronized LocalStack get() throws IOException {
        if (stack == null) {
            stack = start(Map.of(), Map.of(), logDir(), "[local-stack] ", true);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }

    /**
     * A stack of its own, for a test that needs the stage deployed otherwise (more CDK context, e.g. {@code modelEndpoints})
     * or a service the local stack has no engine for pointed at a wire-level fake ({@link LocalStack.Options#endpointOverrides});
     * its functions start on their first invocation (a test of its own runs a job or two); the caller closes it.
     */
    public static LocalStack start(Map<String, Object> context, Map<String, String> endpointOverrides, Path logDir, String prefix)
            throws IOException {
        return start(context, endpointOverrides, logDir, prefix, false);
    }

    private static LocalStack start(Map<String, Object> context, Map<String, String> endpointOverrides, Path logDir, String prefix,
                                    boolean prewarm) throws IOException {
        Path root = Artifacts.root(Path.of("").toAbsolutePath());
        Path out = Files.createTempDirectory("tandem-cdk-out");
        // The template and assets the CDK app synthesizes for stage local, exactly as `cdk synth` writes them
        // (the CLI turns on the asset metadata that names each function's artifact).
        Map<String, Object> stage = new java.util.HashMap<>(context);
        stage.put("stage", "local");
        stage.put("aws:cdk:enable-asset-metadata", true);
        App app = new App(AppProps.builder().outdir(out.toString()).context(stage).build());
        TandemApp.build(app, StageConfig.fromContext(app.getNode()), Artifacts.locate(), Pipelines.all());
        app.synth();
        LocalStack.Options defaults = Main.options(root, 0, null, out.resolve("Tandem-local.template.json"),
                Integer.getInteger("tandem.maxEnvironments", 2));
        LocalStack.Options options = new LocalStack.Options(0, null, defaults.template(), defaults.agentJar(),
                defaults.nodeScript(), defaults.polyfill(), logDir, defaults.maxEnvironments(), endpointOverrides, prewarm);
        return LocalStack.start(options, line -> System.out.println(prefix + line));
    }

    /** The state of the agent's case for a job's governed step ({@code <jobId>#<step>}), or null while there is none. */
    public static String caseState(String jobId, String step) throws IOException {
        LocalStack.Endpoints endpoints = get().endpoints();
        var item = AwsClients.dynamoDb(endpoints.aws()).getItem(b -> b.tableName(endpoints.tables().get(Tables.CASES.logicalName()))
                .consistentRead(true).key(Map.of("caseId", AttributeValue.fromS(jobId + "#" + step)))).item();
        return item == null || item.isEmpty() ? null : item.get("state").s();
    }

    /** The case's state once it is {@code state}, or what it was when a minute passed. */
    public static String awaitCase(String jobId, String step, String state) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String seen = caseState(jobId, step);
        while (!state.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = caseState(jobId, step);
        }
        return seen;
    }

    /**
     * Calls a knob of the local stack's Step Functions endpoint (target {@code TandemLocal.<operation>}: SetCallbackDelay,
     * SetStateTimeouts, SetHeartbeats) and returns its answer; anything but a 200 fails the test.
     */
    public static JsonNode localKnob(String operation, String body) throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(get().endpoints().stepFunctions()))
                .header("X-Amz-Target", "TandemLocal." + operation).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("TandemLocal." + operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.read(response.body(), JsonNode.class);
    }
}
