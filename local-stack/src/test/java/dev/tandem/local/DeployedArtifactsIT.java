package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.json.Json;
import dev.tandem.local.lambda.DeployedFunction;
import dev.tandem.local.lambda.Invocation;
import dev.tandem.local.lambda.LambdaHost;
import dev.tandem.testsupport.Jars;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Every function of the synthesized template, run from its deployment artifact (the asset file in
 * {@code cdk.out}, its handler string and environment) in an execution environment of its own, invoked
 * through the local Lambda endpoint with the real SDK client: every API function answers its route's
 * refusal or result, every step function fails its error path with its own exception (never a class the
 * artifact lacks). The end-to-end tests ({@link LocalStackIT}) run the happy paths on the same hosting.
 * And the hosting catches a broken artifact: a class missing from a jar fails where Lambda would fail.
 */
class DeployedArtifactsIT {

    private static LocalStack stack;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() throws IOException {
        stack = RunningStack.get();
        lambda = LambdaClient.builder().endpointOverride(URI.create(stack.endpoints().lambda())).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @Test
    void everyFunctionOfTheTemplate_runsFromItsAssetInCdkOut_withTheTemplatesHandlerAndEnvironment() {
        List<DeployedFunction> functions = List.copyOf(stack.lambdas().functions());
        Map<String, String> handlers = new java.util.HashMap<>();
        for (TandemFunction f : TandemFunction.values()) {
            handlers.put(Stages.functionName(LocalStack.STAGE, f.logicalName()), f.handler());
        }
        for (PipelineDefinition p : Pipelines.all()) {
            p.functions().forEach(f -> handlers.put(Stages.pipelineFunctionName(LocalStack.STAGE, p.name(), f.name()), f.handler()));
        }
        assertThat(functions).extracting(DeployedFunction::name).containsExactlyInAnyOrderElementsOf(handlers.keySet());
        assertThat(functions).allSatisfy(f -> assertThat(f.handler()).isEqualTo(handlers.get(f.name())));
        assertThat(functions).allSatisfy(f -> {
            assertThat(f.artifact().getFileName().toString()).startsWith("asset.").endsWith(".jar");
            assertThat(f.artifact().getParent()).isEqualTo(stack.endpoints().templateDir());
            assertThat(f.environment()).containsKeys("TANDEM_TABLE_JOBS", "TANDEM_BUCKET", "TANDEM_KILL_SWITCH_PREFIX");
            assertThat(f.environment().get("TANDEM_TABLE_JOBS")).isEqualTo("tandem-local-jobs");
        });
    }

    @Test
    void everyApiFunction_answersFromItsArtifact_withoutAFunctionError() {
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        for (TandemFunction f : TandemFunction.values()) {
            if (f.artifact() == TandemFunction.Artifact.API && dev.tandem.contracts.api.ApiRoutes.of(f).isPresent()) {
                // Without a caller: a public route answers, the others ask for a token.
                expected.put(f.logicalName(), dev.tandem.contracts.api.ApiRoutes.of(f).orElseThrow().authorized() ? 401 : 200);
            }
        }
        // Not a route: whatever event its schedule sends, it writes the next signed digest.
        InvokeResponse digest = invoke("tandem-local-" + TandemFunction.WRITE_AUDIT_DIGEST.logicalName(), Map.of("source", "aws.events"));
        assertThat(digest.functionError()).as(digest.payload().asUtf8String()).isNull();
        assertThat(Json.read(digest.payload().asUtf8String(), JsonNode.class).path("sequence").asLong()).isPositive();
        expected.forEach((function, status) -> {
            InvokeResponse r = invoke("tandem-local-" + function, Map.of("resource", "/v1/x", "path", "/v1/x", "httpMethod", "GET",
                    "headers", Map.of(), "requestContext", Map.of("requestId", "artifact-test", "stage", "v1")));
            assertThat(r.functionError()).as(function + ": " + r.payload().asUtf8String()).isNull();
            JsonNode response = Json.read(r.payload().asUtf8String(), JsonNode.class);
            assertThat(response.path("statusCode").asInt()).as(function + ": " + response).isEqualTo(status);
        });
    }

    @Test
    void everyStepFunction_failsItsErrorPathWithItsOwnException_fromItsArtifact() {
        // A task input naming no job: each step refuses it, and the error type is what Retry/Catch match.
        List<String> steps = Pipelines.all().stream().flatMap(p -> p.functions().stream()
                .map(f -> Stages.pipelineFunctionName(LocalStack.STAGE, p.name(), f.name()))).toList();
        assertThat(steps).isNotEmpty();
        for (String step : steps) {
            InvokeResponse r = invoke(step, Map.of("unexpected", true));
            assertThat(r.functionError()).as(step).isEqualTo("Unhandled");
            JsonNode error = Json.read(r.payload().asUtf8String(), JsonNode.class);
            assertThat(error.path("errorType").asText()).as(step + ": " + error)
                    .isNotEmpty()
                    .doesNotStartWith("java.lang.NoClassDefFoundError")
                    .doesNotStartWith("java.lang.ClassNotFoundException")
                    .doesNotStartWith("Runtime.");
        }
    }

    @Test
    void aJarWithAClassMissing_failsWhereLambdaWould_andTheIntactJarDoesNot() throws IOException {
        // The first function of the steps artifact (a pipeline's step): its configuration reads an SSM parameter at init.
        PipelineDefinition pipeline = Pipelines.all().getFirst();
        String firstStep = Stages.pipelineFunctionName(LocalStack.STAGE, pipeline.name(), pipeline.functions().getFirst().name());
        DeployedFunction extract = stack.lambdas().functions().stream().filter(f -> f.name().equals(firstStep)).findFirst()
                .orElseThrow();
        Path work = Files.createTempDirectory("broken-artifact");
        Path broken = work.resolve("asset.broken-steps.jar");
        Jars.copyWithout(extract.artifact(), broken, "software/amazon/awssdk/services/ssm/model/ParameterNotFoundException.class");
        DeployedFunction brokenExtract = new DeployedFunction(extract.name(), extract.handler(), extract.memoryMb(), extract.timeoutSeconds(),
                broken, extract.environment(), extract.layers());
        try (LambdaHost host = new LambdaHost(List.of(brokenExtract), Map.of("AWS_REGION", "us-east-1"), work, work.resolve("logs"), 1, 0)) {
            Invocation result = host.invoke(extract.name(), "{\"jobId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(result.failed()).isTrue();
            assertThat(result.payloadText()).contains("ParameterNotFoundException");
        }
        InvokeResponse intact = invoke(extract.name(), Map.of("jobId", "x"));
        assertThat(intact.payload().asUtf8String()).doesNotContain("ParameterNotFoundException");
    }

    private static InvokeResponse invoke(String function, Object payload) {
        return lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(Json.write(payload))));
    }
}
