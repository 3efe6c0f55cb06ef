package dev.tandem.agent.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A versioned Cedar policy bundle from the class path ({@link PolicyBundleRef}): {@code <location>/<version>/bundle.json}
 * lists the policies, one per {@code <id>.cedar} file (the file name is the policy id every decision records),
 * validated against {@code schema.cedarschema}.
 *
 * <p>Each policy carries {@code @outcome} (ALLOW, ALLOW_WITH_REDACTION, REVIEW_REQUIRED, DENY; forbid
 * policies are DENY) and, for redaction and review, {@code @redact} with the finding types to redact. A bundle of a
 * step that decides per item gives each permit a {@code @decision} of the step's vocabulary as well.
 * The bundle id is the version plus the first 12 hex digits of a SHA-256 over the schema and every
 * policy file, so a changed policy can never pass for the same bundle.
 */
public final class PolicyBundle {

    /**
     * A policy with the outcome, redactions and (for a step that decides per item) the decision its annotations declare.
     *
     * @param decision the policy's {@code @decision}, or null when it has none
     */
    public record Rule(String id, Outcome outcome, Set<FindingType> redact, String decision) {
    }

    private final String id;
    private final PolicySet policySet;
    private final Schema schema;
    private final RequestShape shape;
    private final Map<String, Rule> rules;

    private PolicyBundle(String id, PolicySet policySet, Schema schema, RequestShape shape, Map<String, Rule> rules) {
        this.id = id;
        this.policySet = policySet;
        this.schema = schema;
        this.shape = shape;
        this.rules = rules;
    }

    /**
     * Prints the bundle id (version + content hash) of every governed step of the registered pipelines, as
     * {@code pipeline/step=id,...}: {@code scripts/deploy} records it in the release manifest.
     */
    public static void main(String[] args) {
        System.out.println(GovernedSteps.load(dev.tandem.contracts.pipeline.spi.Pipelines.all(), Map.of(), "agent:deploy",
                java.time.Clock.systemUTC(), null).bundleIds());
    }

    /**
     * Loads and validates a bundle with the class loader that sees its resources (the pipeline's).
     *
     * @throws InvalidPolicyBundleException naming the policy and the error, when any policy does not
     *                                      parse, lacks a valid outcome, or fails schema validation
     */
    public static PolicyBundle load(PolicyBundleRef ref, ClassLoader loader) {
        // Messages name the bundle by location and version: an agent holds one bundle per governed step.
        String version = ref.location() + " " + ref.version();
        String base = ref.folder();
        JsonNode manifest = Json.read(resource(loader, base + "bundle.json"), JsonNode.class);
        if (!ref.version().equals(manifest.path("version").asText())) {
            throw new InvalidPolicyBundleException("bundle " + base + "bundle.json declares version '"
                    + manifest.path("version").asText() + "', expected " + ref.version());
        }
        String schemaText = resource(loader, base + "schema.cedarschema");
        MessageDigest digest = Digests.newSha256();
        digest.update(("schema.cedarschema\n" + schemaText).getBytes(StandardCharsets.UTF_8));
        Schema schema;
        try {
            schema = Schema.parse(Schema.JsonOrCedar.Cedar, schemaText);
        } catch (InternalException | RuntimeException e) {
            throw new InvalidPolicyBundleException("policy bundle " + version + ": schema.cedarschema does not parse: " + e.getMessage(), e);
        }
        Set<Policy> policies = new LinkedHashSet<>();
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (JsonNode idNode : manifest.path("policies")) {
            String policyId = idNode.asText();
            String text = resource(loader, base + policyId + ".cedar");
            digest.update(("\n" + policyId + ".cedar\n" + text).getBytes(StandardCharsets.UTF_8));
            Policy policy;
            Map<String, String> annotations;
            try {
                policy = new Policy(Policy.parseStaticPolicy(text).getSource(), policyId);
                annotations = policy.getAnnotations();
            } catch (InternalException | RuntimeException e) {
                throw new InvalidPolicyBundleException("policy " + policyId + " in bundle " + version + " does not parse: " + e.getMessage(), e);
            }
            rules.put(policyId, rule(version, policyId, policy, annotations));
            policies.add(policy);
        }
        if (policies.isEmpty()) {
            throw new InvalidPolicyBundleException("policy bundle " + version + " lists no policies");
        }
        PolicySet set = new PolicySet(policies);
        validate(version, schema, set);
        try {
            // Keep the parsed policies and schema in the native library: otherwise every decision
            // re-serializes and re-parses them across JNI (about 1.3 ms instead of a fraction).
            set.cache();
            schema.cache();
        } catch (com.cedarpolicy.model.exception.CacheException e) {
            throw new InvalidPolicyBundleException("policy bundle " + version + " could not be cached by Cedar: " + e.getMessage(), e);
        }
        String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        RequestShape shape;
        try {
            shape = RequestShape.of(schema.toJsonFormat());
        } catch (InternalException | java.io.IOException | RuntimeException e) {
            throw new InvalidPolicyBundleException("policy bundle " + version + ": cannot read its schema's declarations: " + e.getMessage(), e);
        }
        return new PolicyBundle(ref.version() + "+" + hash, set, schema, shape, Map.copyOf(rules));
    }

    private static Rule rule(String version, String policyId, Policy policy, Map<String, String> annotations) {
        String outcomeText = annotations.get("outcome");
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(outcomeText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidPolicyBundleException("policy " + policyId + " in bundle " + version + " needs @outcome(\"ALLOW\"|"
                    + "\"ALLOW_WITH_REDACTION\"|\"REVIEW_REQUIRED\"|\"DENY\"), has " + outcomeText);
        }
        boolean forbid;
        try {
            forbid = policy.effect() == com.cedarpolicy.model.Effect.FORBID;
        } catch (InternalException e) {
            throw new InvalidPolicyBundleException("policy " + policyId + ": cannot read its effect: " + e.getMessage(), e);
        }
        if (forbid != (outcome == Outcome.DENY)) {
            throw new InvalidPolicyBundleException("policy " + policyId + " in bundle " + version
                    + ": forbid policies must declare @outcome(\"DENY\") and permit policies another outcome");
        }
        Set<FindingType> redact = EnumSet.noneOf(FindingType.class);
        String redactText = annotations.getOrDefault("redact", "");
        for (String type : redactText.split(",")) {
            if (!type.isBlank()) {
                try {
                    redact.add(FindingType.valueOf(type.trim()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidPolicyBundleException("policy " + policyId + " in bundle " + version + ": @redact names unknown finding type '"
                            + type.trim() + "'; known: " + Arrays.toString(FindingType.values()));
                }
            }
        }
        String decision = annotations.get("decision");
        return new Rule(policyId, outcome, Set.copyOf(redact), decision == null || decision.isBlank() ? null : decision.trim());
    }

    private static void validate(String version, Schema schema, PolicySet set) {
        ValidationResponse response;
        try {
            response = new BasicAuthorizationEngine().validate(new ValidationRequest(schema, set));
        } catch (AuthException e) {
            throw new InvalidPolicyBundleException("policy bundle " + version + " could not be validated: " + e.getMessage(), e);
        }
        if (!response.validationPassed()) {
            List<String> problems = new ArrayList<>();
            response.errors.ifPresent(errors -> errors.forEach(e -> problems.add(describe(e))));
            if (problems.isEmpty()) {
                problems.add(response.toString());
            }
            throw new InvalidPolicyBundleException("policy bundle " + version + " fails validation against its schema: "
                    + String.join("; ", problems));
        }
    }

    private static String describe(DetailedError e) {
        String where = e.sourceLocations.stream().map(Object::toString).collect(Collectors.joining(", "));
        return e.message + (where.isEmpty() ? "" : " (" + where + ")") + e.help.map(h -> "; " + h).orElse("");
    }

    private static String resource(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new InvalidPolicyBundleException("policy bundle resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Version plus content hash, e.g. {@code 1.0.0+3f9a0c21b7de}. */
    public String id() {
        return id;
    }

    PolicySet policySet() {
        return policySet;
    }

    Schema schema() {
        return schema;
    }

    /** What the schema declares of a request: a request is decided as the schema sees it ({@link RequestShape#project}). */
    RequestShape shape() {
        return shape;
    }

    /** Every policy of the bundle by id. */
    public Map<String, Rule> rules() {
        return rules;
    }

    public Rule rule(String policyId) {
        Rule rule = rules.get(policyId);
        if (rule == null) {
            throw new IllegalStateException("Cedar named policy " + policyId + ", which is not in bundle " + id);
        }
        return rule;
    }
}
