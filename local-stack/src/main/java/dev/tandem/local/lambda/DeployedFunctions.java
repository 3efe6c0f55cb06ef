package dev.tandem.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Java Lambda functions of a synthesized CloudFormation template, as CloudFormation would
 * deploy them: the artifact from the function's asset metadata ({@code aws:asset:path}, a file next to
 * the template in {@code cdk.out}), the handler, memory, timeout and environment, with the intrinsic
 * functions the environment uses ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Sub} and
 * the pseudo parameters) resolved against the template's own resources for a local account and region.
 * A value it cannot resolve is an error naming the function and the variable, never a silent gap.
 */
public final class DeployedFunctions {

    private final JsonNode resources;
    private final Path assetDir;
    private final String region;
    private final String account;
    private final Map<String, String> queueUrls;
    private final Path keysDir;

    /**
     * @param queueUrls the local URL of each queue by its {@code QueueName} ({@code Ref} of a queue is its URL)
     */
    private DeployedFunctions(JsonNode template, Path assetDir, String region, String account, Map<String, String> queueUrls, Path keysDir) {
        this.resources = template.path("Resources");
        this.assetDir = assetDir;
        this.region = region;
        this.account = account;
        this.queueUrls = Map.copyOf(queueUrls);
        this.keysDir = keysDir;
    }

    /** Every Java function of the template, in template order. */
    /**
     * @param keysDir where the local stack keeps a key pair for each signing KMS key of the template (a function's
     *                {@code Ref} or {@code Arn} of such a key resolves to {@code local-key:<keysDir>/<logical id>})
     */
    public static List<DeployedFunction> read(Path template, String region, String account, Map<String, String> queueUrls, Path keysDir) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(Files.readString(template));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthesized template " + template, e);
        }
        return new DeployedFunctions(json, template.toAbsolutePath().getParent(), region, account, queueUrls, keysDir).functions();
    }

    private List<DeployedFunction> functions() {
        List<DeployedFunction> functions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            JsonNode r = resource.getValue();
            if (!r.path("Type").asText().equals("AWS::Lambda::Function") || !r.path("Properties").path("Runtime").asText().startsWith("java")) {
                continue;
            }
            String logicalId = resource.getKey();
            JsonNode p = r.path("Properties");
            String asset = r.path("Metadata").path("aws:asset:path").asText(null);
            if (asset == null) {
                throw new IllegalStateException(logicalId + " has no aws:asset:path metadata: synthesize with asset metadata on (the CDK default)");
            }
            Path artifact = assetDir.resolve(asset);
            if (!Files.isRegularFile(artifact)) {
                throw new IllegalStateException(logicalId + "'s artifact " + artifact + " is missing: synthesize again");
            }
            String name = resolve(p.path("FunctionName"), logicalId + ".FunctionName");
            Map<String, String> env = new LinkedHashMap<>();
            p.path("Environment").path("Variables").fields()
                    .forEachRemaining(v -> env.put(v.getKey(), resolve(v.getValue(), name + " environment variable " + v.getKey())));
            List<Path> layers = new ArrayList<>();
            for (JsonNode layer : p.path("Layers")) {
                layers.add(layerContent(layer, name));
            }
            functions.add(new DeployedFunction(name, p.path("Handler").asText(), p.path("MemorySize").asInt(128), p.path("Timeout").asInt(3),
                    artifact, env, layers));
        }
        return functions;
    }

    /** The content folder in cdk.out of a layer the template defines ({@code Ref} to its {@code AWS::Lambda::LayerVersion}). */
    private Path layerContent(JsonNode layer, String function) {
        String id = layer.path("Ref").asText(null);
        JsonNode r = id == null ? null : resources.path(id);
        if (r == null || !r.path("Type").asText().equals("AWS::Lambda::LayerVersion")) {
            throw new IllegalStateException(function + ": layer " + layer + " is not a layer version of this template");
        }
        String asset = r.path("Metadata").path("aws:asset:path").asText(null);
        Path content = asset == null ? null : assetDir.resolve(asset);
        if (content == null || !Files.isDirectory(content)) {
            throw new IllegalStateException(function + ": the content of layer " + id + " (" + content + ") is missing: synthesize again");
        }
        return content;
    }

    /**
     * The jars of every layer version of the template ({@code java/lib/*.jar}, sorted as the Java runtime sorts them):
     * what the agent adds to its class path, as its image carries the same jars.
     */
    public static List<Path> layerJars(Path template) {
        DeployedFunctions t;
        try {
            t = new DeployedFunctions(Json.mapper().readTree(Files.readString(template)), template.toAbsolutePath().getParent(), "", "", Map.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthesized template " + template, e);
        }
        List<Path> jars = new ArrayList<>();
        t.resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Lambda::LayerVersion")) {
                jars.addAll(jarsOf(t.layerContent(Json.mapper().createObjectNode().put("Ref", e.getKey()), e.getKey())));
            }
        });
        return jars;
    }

    /** A layer's {@code java/lib/*.jar}, in lexical order (the order the Java runtime adds them). */
    public static List<Path> jarsOf(Path layerContent) {
        Path lib = layerContent.resolve("java/lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (var files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String resolve(JsonNode value, String where) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return ref(value.get("Ref").asText(), where);
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode args = value.get("Fn::GetAtt");
            return attribute(args.get(0).asText(), args.get(1).asText(), where);
        }
        if (value.has("Fn::Join")) {
            JsonNode args = value.get("Fn::Join");
            List<String> parts = new ArrayList<>();
            args.get(1).forEach(part -> parts.add(resolve(part, where)));
            return String.join(args.get(0).asText(), parts);
        }
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
            String text = value.get("Fn::Sub").asText();
            StringBuilder out = new StringBuilder();
            int i = 0;
            for (int start; (start = text.indexOf("${", i)) >= 0; ) {
                int end = text.indexOf('}', start);
                out.append(text, i, start);
                String name = text.substring(start + 2, end);
                int dot = name.indexOf('.');
                out.append(dot < 0 ? ref(name, where) : attribute(name.substring(0, dot), name.substring(dot + 1), where));
                i = end + 1;
            }
            return out.append(text.substring(i)).toString();
        }
        throw new IllegalStateException("cannot resolve " + where + " locally: " + value);
    }

    private String ref(String name, String where) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return account;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        JsonNode r = resource(name, where);
        JsonNode p = r.path("Properties");
        return switch (r.path("Type").asText()) {
            case "AWS::DynamoDB::Table" -> resolve(p.path("TableName"), where);
            case "AWS::S3::Bucket" -> resolve(p.path("BucketName"), where);
            case "AWS::SQS::Queue" -> {
                String queue = resolve(p.path("QueueName"), where);
                String url = queueUrls.get(queue);
                if (url == null) {
                    throw new IllegalStateException(where + " refers to queue " + queue + ", which the local stack does not run");
                }
                yield url;
            }
            case "AWS::StepFunctions::StateMachine", "AWS::StepFunctions::StateMachineAlias" -> attribute(name, "Arn", where);
            case "AWS::Lambda::Function" -> resolve(p.path("FunctionName"), where);
            case "AWS::KMS::Key" -> localKey(name, p, where);
            default -> throw new IllegalStateException("cannot resolve " + where + " locally: Ref " + name + " (" + r.path("Type").asText() + ")");
        };
    }

    private String attribute(String name, String attribute, String where) {
        JsonNode r = resource(name, where);
        JsonNode p = r.path("Properties");
        String type = r.path("Type").asText();
        if (attribute.equals("Arn")) {
            switch (type) {
                case "AWS::DynamoDB::Table":
                    return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + ref(name, where);
                case "AWS::S3::Bucket":
                    return "arn:aws:s3:::" + ref(name, where);
                case "AWS::SQS::Queue":
                    return "arn:aws:sqs:" + region + ":" + account + ":" + resolve(p.path("QueueName"), where);
                case "AWS::Lambda::Function":
                    return "arn:aws:lambda:" + region + ":" + account + ":function:" + ref(name, where);
                case "AWS::StepFunctions::StateMachine":
                    return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + resolve(p.path("StateMachineName"), where);
                case "AWS::StepFunctions::StateMachineAlias":
                    return stateMachineOfAlias(p, where) + ":" + resolve(p.path("Name"), where);
                case "AWS::KMS::Key":
                    return localKey(name, p, where);
                default:
                    break;
            }
        }
        throw new IllegalStateException("cannot resolve " + where + " locally: Fn::GetAtt " + name + "." + attribute + " (" + type + ")");
    }

    /**
     * A signing key stands in as a local key pair, an HMAC key as a local secret (there is no local KMS); encryption
     * keys are not used by functions directly.
     */
    private String localKey(String name, JsonNode properties, String where) {
        String usage = properties.path("KeyUsage").asText();
        if (!usage.equals("SIGN_VERIFY") && !usage.equals("GENERATE_VERIFY_MAC")) {
            throw new IllegalStateException("cannot resolve " + where + " locally: KMS key " + name + " is neither a signing nor an HMAC key");
        }
        return ConfigKey.LOCAL_KEY_PREFIX + keysDir.resolve(name).toAbsolutePath();
    }

    /** An alias routes to versions of one state machine; its ARN is the state machine's with the alias name. */
    private String stateMachineOfAlias(JsonNode alias, String where) {
        for (String routing : List.of("DeploymentPreference", "RoutingConfiguration")) {
            JsonNode node = alias.path(routing);
            JsonNode version = (node.isArray() ? node.path(0) : node).path("StateMachineVersionArn");
            String versionId = version.has("Ref") ? version.get("Ref").asText()
                    : version.has("Fn::GetAtt") ? version.get("Fn::GetAtt").get(0).asText() : null;
            if (versionId != null) {
                JsonNode machine = resource(versionId, where).path("Properties").path("StateMachineArn");
                if (machine.has("Ref")) {
                    return attribute(machine.get("Ref").asText(), "Arn", where);
                }
            }
        }
        throw new IllegalStateException("cannot resolve " + where + " locally: the state machine of alias " + alias);
    }

    private JsonNode resource(String logicalId, String where) {
        JsonNode r = resources.get(logicalId);
        if (r == null) {
            throw new IllegalStateException("cannot resolve " + where + ": the template has no resource " + logicalId);
        }
        return r;
    }
}
