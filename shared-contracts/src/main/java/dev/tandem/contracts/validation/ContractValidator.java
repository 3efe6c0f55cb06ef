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
import dev.tandem.contracts.api.Limits;
import dev.tandem.contracts.api.SubmitJobRequest;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.problem.ContractViolationException;
import dev.tandem.contracts.problem.FieldError;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Parses and validates public request bodies against their JSON Schemas, turning every violation
 * into a {@link FieldError} with a JSON pointer and a message that says what to send instead.
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

    private final Map<ContractSchema, JsonSchema> schemas;

    private ContractValidator(Map<ContractSchema, JsonSchema> schemas) {
        this.schemas = schemas;
    }

    public static ContractValidator load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        Map<ContractSchema, JsonSchema> compiled = new EnumMap<>(ContractSchema.class);
        for (ContractSchema schema : ContractSchema.values()) {
            try (InputStream in = ContractValidator.class.getResourceAsStream(schema.resource())) {
                if (in == null) {
                    throw new IllegalStateException("schema resource missing from the classpath: " + schema.resource());
                }
                compiled.put(schema, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + schema.resource(), e);
            }
        }
        return new ContractValidator(compiled);
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
            throw new ContractViolationException(ProblemDetails.of(ProblemType.VALIDATION,
                    errors.size() == 1 ? "1 field is invalid; see errors." : errors.size() + " fields are invalid; see errors.",
                    errors));
        }
        return Json.convert(node, type);
    }

    /** Validates a parsed body; an empty list means valid. Errors are sorted by pointer. */
    public List<FieldError> validate(ContractSchema schema, JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        JsonSchema compiled = schemas.get(schema);
        for (ValidationMessage m : compiled.validate(node)) {
            errors.add(toFieldError(compiled.getSchemaNode(), m));
        }
        if (errors.isEmpty() && schema == ContractSchema.SUBMIT_JOB_REQUEST) {
            errors.addAll(checkDocumentBytes(node));
        }
        errors.sort(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::message));
        return List.copyOf(errors);
    }

    /**
     * JSON Schema's maxLength counts characters; our limit is on UTF-8 bytes (what is stored and
     * billed), which can be up to 4x larger, so it is checked here as well.
     */
    private static List<FieldError> checkDocumentBytes(JsonNode node) {
        JsonNode text = node.path("document").path("text");
        if (text.isTextual()) {
            int bytes = text.textValue().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Limits.MAX_DOCUMENT_TEXT_BYTES) {
                return List.of(new FieldError("/document/text", "must be at most " + Limits.MAX_DOCUMENT_TEXT_BYTES
                        + " bytes of UTF-8, was " + bytes + "; split the document or submit a shorter one"));
            }
        }
        return List.of();
    }

    private static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("The request body is empty; send a JSON object.");
        }
        try {
            JsonNode node = STRICT.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw malformed("The request body is empty; send a JSON object.");
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

    /** Convenience for the most common body. */
    public SubmitJobRequest parseSubmitJob(byte[] body) {
        return parse(ContractSchema.SUBMIT_JOB_REQUEST, body, SubmitJobRequest.class);
    }
}
