package dev.tandem.contracts.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.pipeline.spi.Submission;
import dev.tandem.contracts.problem.ContractViolationException;
import dev.tandem.contracts.problem.FieldError;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Parses and validates public request bodies against their JSON Schemas, turning every violation
 * into a {@link FieldError} with a JSON pointer and a message that says what to send instead: the fixed bodies
 * ({@link ContractSchema}) and every registered pipeline's job submission ({@link InputContract}).
 *
 * <p>Schemas are loaded and compiled once; an instance is immutable and thread-safe, so build it at
 * init (it is cheap to keep in a static field of a Lambda handler).
 */
public final class ContractValidator {

    /** Strict on input: duplicate keys and trailing content are errors, not silently resolved. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** The field of a submission that selects the pipeline; the API's, not part of any pipeline's schema. */
    public static final String PIPELINE_FIELD = "pipeline";

    private final Map<ContractSchema, JsonSchema> schemas;
    private final Map<String, PipelineInput> inputs;
    private final String defaultPipeline;

    /** A pipeline's input contract with its compiled schema. */
    private record PipelineInput(InputContract<?> contract, JsonSchema schema) {
    }

    /**
     * A valid submission: the pipeline it selects and what the job keeps of it.
     *
     * @param pipeline   the pipeline the body named, or the default one
     * @param submission what the pipeline's input contract made of the body
     */
    public record PipelineSubmission(String pipeline, Submission submission) {
    }

    private ContractValidator(Map<ContractSchema, JsonSchema> schemas, Map<String, PipelineInput> inputs, String defaultPipeline) {
        this.schemas = schemas;
        this.inputs = inputs;
        this.defaultPipeline = defaultPipeline;
    }

    /** Compiles the fixed bodies' schemas and the input contract of every registered pipeline ({@link Pipelines}). */
    public static ContractValidator load() {
        return load(Pipelines.all());
    }

    /** Compiles the fixed bodies' schemas and the input contracts of these pipelines. */
    public static ContractValidator load(List<PipelineDefinition> pipelines) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        Map<ContractSchema, JsonSchema> compiled = new EnumMap<>(ContractSchema.class);
        for (ContractSchema schema : ContractSchema.values()) {
            compiled.put(schema, compile(factory, config, ContractValidator.class, schema.resource()));
        }
        Map<String, PipelineInput> inputs = new LinkedHashMap<>();
        String defaultPipeline = null;
        for (PipelineDefinition p : pipelines) {
            InputContract<?> contract = p.input();
            inputs.put(p.name(), new PipelineInput(contract, factory.getSchema(withPipelineField(
                    read(contract.bodyType(), contract.schemaResource()), p.name()), config)));
            if (p.isDefault() || pipelines.size() == 1) {
                defaultPipeline = p.name();
            }
        }
        return new ContractValidator(compiled, inputs, defaultPipeline);
    }

    private static JsonSchema compile(JsonSchemaFactory factory, SchemaValidatorsConfig config, Class<?> owner, String resource) {
        return factory.getSchema(read(owner, resource), config);
    }

    /** A schema resource, read through the class loader of the class that declares it (a pipeline's jar or this one). */
    private static JsonNode read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " (for " + owner.getName() + ") is missing from the class path");
            }
            return STRICT.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * A pipeline's schema as the API applies and publishes it: its own, with the API's {@value #PIPELINE_FIELD} field
     * among the root's properties (so that an unknown field's error lists it, and clients see it).
     */
    private static JsonNode withPipelineField(JsonNode schema, String pipeline) {
        if (!(schema instanceof ObjectNode root) || !(root.get("properties") instanceof ObjectNode properties)) {
            throw new IllegalStateException("the input schema of pipeline " + pipeline + " must describe an object with properties");
        }
        if (properties.has(PIPELINE_FIELD)) {
            throw new IllegalStateException("the input schema of pipeline " + pipeline + " declares '" + PIPELINE_FIELD
                    + "', which is the API's field that selects the pipeline");
        }
        ObjectNode copy = root.deepCopy();
        ObjectNode field = Json.mapper().createObjectNode();
        field.put("description", "The pipeline to run: this one is " + pipeline + " (GET /v1/pipelines lists the deployment's; "
                + "a body without it runs the default pipeline).");
        field.put("type", "string");
        field.put("pattern", "^" + PipelineDefinition.NAME_PATTERN + "$");
        ObjectNode reordered = Json.mapper().createObjectNode();
        reordered.set(PIPELINE_FIELD, field);
        reordered.setAll(properties);
        copy.set("properties", reordered);
        return copy;
    }

    /** A fixed body's schema as the API applies it (for publishing and request models). */
    public JsonNode schema(ContractSchema schema) {
        return schemas.get(schema).getSchemaNode();
    }

    /** The registered pipelines whose submissions this validates, in registration order. */
    public java.util.Set<String> pipelines() {
        return java.util.Collections.unmodifiableSet(inputs.keySet());
    }

    /** A pipeline's input schema as the API applies it (for publishing and request models), if the pipeline is registered. */
    public Optional<JsonNode> inputSchema(String pipeline) {
        return Optional.ofNullable(inputs.get(pipeline)).map(i -> i.schema().getSchemaNode());
    }

    /**
     * Parses a job submission: selects the pipeline by its {@value #PIPELINE_FIELD} field (the default pipeline when
     * absent), validates the rest against that pipeline's input contract, and returns what the job keeps.
     *
     * @throws ContractViolationException with a MALFORMED_JSON or VALIDATION problem naming every field to fix
     */
    public PipelineSubmission parseSubmission(byte[] body) {
        JsonNode node = readTree(body);
        String pipeline = pipelineOf(node);
        return new PipelineSubmission(pipeline, submission(inputs.get(pipeline), node));
    }

    private static <R extends Record> Submission submission(PipelineInput input, JsonNode node) {
        List<FieldError> errors = validate(input.schema(), node);
        @SuppressWarnings("unchecked")
        InputContract<R> contract = (InputContract<R>) input.contract();
        R body = null;
        if (errors.isEmpty() && !node.isObject()) {
            errors = List.of(new FieldError("", "must be of type object, was " + nodeType(node)));
        }
        if (errors.isEmpty()) {
            ObjectNode fields = ((ObjectNode) node).deepCopy();
            fields.remove(PIPELINE_FIELD);
            body = Json.convert(fields, contract.bodyType());
            errors = sorted(contract.check(body));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return contract.submission(body);
    }

    /** The pipeline a submission names (which must be registered here), or the default one. */
    private String pipelineOf(JsonNode node) {
        JsonNode named = node.isObject() ? node.get(PIPELINE_FIELD) : null;
        List<String> deployed = List.copyOf(inputs.keySet());
        String hint = " (GET /v1/pipelines). Nothing was stored.";
        if (named == null) {
            if (defaultPipeline == null) {
                throw new ContractViolationException(ProblemDetails.of(ProblemType.VALIDATION, "Name the pipeline: this deployment carries "
                        + deployed + " and none is the default" + hint, List.of(new FieldError("/" + PIPELINE_FIELD,
                        "is required; one of: " + String.join(", ", deployed)))));
            }
            return defaultPipeline;
        }
        if (!named.isTextual()) {
            throw invalid(List.of(new FieldError("/" + PIPELINE_FIELD, "must be of type string, was " + nodeType(named))));
        }
        if (!inputs.containsKey(named.textValue())) {
            throw new ContractViolationException(ProblemDetails.of(ProblemType.VALIDATION, "No pipeline " + named.textValue()
                    + " is deployed here; deployed: " + deployed + hint, List.of(new FieldError("/" + PIPELINE_FIELD,
                    "must be one of: " + String.join(", ", deployed)))));
        }
        return named.textValue();
    }

    private static ContractViolationException invalid(List<FieldError> errors) {
        return new ContractViolationException(ProblemDetails.of(ProblemType.VALIDATION,
                errors.size() == 1 ? "1 field is invalid; see errors." : errors.size() + " fields are invalid; see errors.",
                errors));
    }

    /** The schema document itself (for publishing, request models and tests). */
    public JsonNode schemaNode(ContractSchema schema) {
        return schemas.get(schema).getSchemaNode();
    }

    /**
     * Parses, validates and binds a request body.
     *
     * @throws ContractViolationException with a MALFORMED_JSON or VALIDATION problem
     */
    public <T> T parse(ContractSchema schema, byte[] body, Class<T> type) {
        if (!type.equals(schema.recordType())) {
            throw new IllegalArgumentException(schema + " binds to " + schema.recordType().getSimpleName());
        }
        JsonNode node = readTree(body);
        List<FieldError> errors = validate(schema, node);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return Json.convert(node, type);
    }

    /** Validates a parsed body; an empty list means valid. Errors are sorted by pointer. */
    public List<FieldError> validate(ContractSchema schema, JsonNode node) {
        return validate(schemas.get(schema), node);
    }

    private static List<FieldError> validate(JsonSchema compiled, JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        for (ValidationMessage m : compiled.validate(node)) {
            errors.add(toFieldError(compiled.getSchemaNode(), m));
        }
        return sorted(errors);
    }

    private static List<FieldError> sorted(List<FieldError> errors) {
        List<FieldError> copy = new ArrayList<>(errors);
        copy.sort(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::message));
        return List.copyOf(copy);
    }

    private static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("The request body is empty; send a JSON object.");
        }
        requireUtf8(body);
        try {
            JsonNode node = STRICT.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw malformed("The request body is empty; send a JSON object.");
            }
            List<FieldError> surrogates = new ArrayList<>();
            unpairedSurrogates(node, "", surrogates);
            if (!surrogates.isEmpty()) {
                throw invalid(surrogates);
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw malformed("The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("The request body could not be read as JSON: " + e.getMessage());
        }
    }

    /**
     * The body's bytes must be UTF-8 (RFC 8259): a byte sequence that is not is refused where it is, rather than
     * decoded into replacement characters that would silently change the document before it is hashed and stored.
     */
    private static void requireUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                int at = in.position();
                StringBuilder bytes = new StringBuilder();
                for (int i = at; i < Math.min(body.length, at + result.length()); i++) {
                    bytes.append(bytes.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", body[i] & 0xFF));
                }
                throw malformed("The request body is not valid UTF-8: the byte" + (result.length() == 1 ? " " : "s ") + bytes
                        + " at offset " + at + " do" + (result.length() == 1 ? "es" : "") + " not form a character. Send the body in UTF-8.");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    /** Strings (and keys) holding half of a UTF-16 surrogate pair (a lone {@code \\ud800}) cannot be stored as UTF-8. */
    private static void unpairedSurrogates(JsonNode node, String pointer, List<FieldError> errors) {
        if (node.isTextual()) {
            int at = unpairedSurrogate(node.textValue());
            if (at >= 0) {
                errors.add(new FieldError(pointer, "contains an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(node.textValue().charAt(at))
                        + ") at character " + at + "; send valid Unicode (a surrogate escape must be followed by its pair)"));
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (unpairedSurrogate(e.getKey()) >= 0) {
                    errors.add(new FieldError(pointer, "has a key with an unpaired UTF-16 surrogate; send valid Unicode"));
                } else {
                    unpairedSurrogates(e.getValue(), pointer + "/" + escape(e.getKey()), errors);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unpairedSurrogates(node.get(i), pointer + "/" + i, errors);
            }
        }
    }

    /** The index of the first surrogate without its pair, or -1. */
    private static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static ContractViolationException malformed(String detail) {
        return new ContractViolationException(ProblemDetails.of(ProblemType.MALFORMED_JSON, detail));
    }

    private static FieldError toFieldError(JsonNode schemaRoot, ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String pointer = at.equals("/") ? "" : at;
        JsonNode schemaNode = m.getSchemaNode();
        String property = m.getProperty();
        return switch (m.getType()) {
            case "required" -> new FieldError(pointer + "/" + escape(property), "is required");
            case "additionalProperties" -> new FieldError(pointer + "/" + escape(property),
                    "is not a known field; remove it" + allowedFields(schemaRoot, m));
            case "enum" -> new FieldError(pointer, "must be one of: " + values(schemaNode));
            case "const" -> new FieldError(pointer, "must be " + schemaNode);
            case "type" -> new FieldError(pointer, "must be of type " + schemaNode.asText() + ", was " + nodeType(m.getInstanceNode()));
            case "maxLength" -> new FieldError(pointer, "must be at most " + schemaNode.asInt() + " characters long");
            case "minLength" -> new FieldError(pointer, schemaNode.asInt() == 1
                    ? "must not be empty" : "must be at least " + schemaNode.asInt() + " characters long");
            case "maxProperties" -> new FieldError(pointer, "must have at most " + schemaNode.asInt() + " entries");
            case "pattern" -> new FieldError(pointer, "must match the pattern " + schemaNode.asText());
            case "propertyNames" -> new FieldError(pointer, "has a key that is not allowed: " + m.getError());
            default -> new FieldError(pointer, m.getError());
        };
    }

    /** Names the fields the object does accept, read from the schema next to additionalProperties. */
    private static String allowedFields(JsonNode schemaRoot, ValidationMessage m) {
        String evaluation = m.getEvaluationPath().toString();
        int cut = evaluation.lastIndexOf('/');
        JsonNode properties = schemaRoot.at((cut <= 0 ? "" : evaluation.substring(0, cut)) + "/properties");
        if (!properties.isObject() || properties.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return " (accepted: " + String.join(", ", names) + ")";
    }

    private static String values(JsonNode enumNode) {
        return StreamSupport.stream(enumNode.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(", "));
    }

    private static String nodeType(JsonNode node) {
        return node == null ? "missing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** RFC 6901: '~' and '/' in a key are escaped in a pointer. */
    private static String escape(String key) {
        return key == null ? "" : key.replace("~", "~0").replace("/", "~1");
    }
}
