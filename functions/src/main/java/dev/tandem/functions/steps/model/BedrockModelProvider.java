package dev.tandem.functions.steps.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.ModelInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * Sensitivity classification with Amazon Bedrock's Converse API. The model id and the prompt version
 * come from configuration; the prompt itself is a versioned resource ({@code prompts/<version>.txt}),
 * so every result names exactly what produced it. Temperature 0 for repeatable answers.
 *
 * <p>Throttling is retried by the client (see {@code AwsClientFactory}); an answer that is not the
 * requested JSON is a {@link ModelOutputException}, which the workflow can Catch.
 */
public final class BedrockModelProvider implements ModelProvider {

    private static final Set<String> LABELS = Set.of("PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED");

    private final BedrockRuntimeClient bedrock;
    private final String modelId;
    private final String promptVersion;
    private final String prompt;

    public BedrockModelProvider(BedrockRuntimeClient bedrock, String modelId, String promptVersion) {
        this.bedrock = bedrock;
        this.modelId = modelId;
        this.promptVersion = promptVersion;
        String resource = "/prompts/" + promptVersion + ".txt";
        try (InputStream in = BedrockModelProvider.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no prompt " + resource + "; set tandem.model.prompt-version to a shipped version");
            }
            this.prompt = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ModelInvocation classify(String text) {
        ConverseResponse response = bedrock.converse(b -> b.modelId(modelId)
                .system(SystemContentBlock.fromText(prompt))
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build())
                .inferenceConfig(c -> c.temperature(0f).maxTokens(64)));
        String answer = response.output() == null || response.output().message() == null ? null
                : response.output().message().content().stream().map(ContentBlock::text).filter(t -> t != null)
                        .reduce("", String::concat).trim();
        if (answer == null || answer.isEmpty()) {
            throw new ModelOutputException("model " + modelId + " returned no text");
        }
        JsonNode json;
        try {
            json = Json.read(answer, JsonNode.class);
        } catch (UncheckedIOException e) {
            throw new ModelOutputException("model " + modelId + " did not answer with JSON (prompt " + promptVersion + ")");
        }
        String label = json.path("label").asText("");
        JsonNode score = json.path("score");
        if (!LABELS.contains(label) || !score.isNumber() || score.asDouble() < 0 || score.asDouble() > 1) {
            throw new ModelOutputException("model " + modelId + " answered without a valid label and score in [0, 1] (prompt " + promptVersion + ")");
        }
        var usage = response.usage();
        return new ModelInvocation("bedrock", modelId, version(modelId), promptVersion, label, score.asDouble(),
                usage == null || usage.inputTokens() == null ? 0 : usage.inputTokens(),
                usage == null || usage.outputTokens() == null ? 0 : usage.outputTokens());
    }

    /** Bedrock model ids carry their version after the last '-v' or ':' (e.g. {@code ...-20240307-v1:0}). */
    static String version(String modelId) {
        int v = modelId.lastIndexOf("-v");
        return v >= 0 ? modelId.substring(v + 1) : "unversioned";
    }
}
