package dev.tandem.agent.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.AgentIdentity;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.RedactionPlan;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policy decision point: evaluates a {@link PolicyInput} against the bundle with Cedar and turns
 * Cedar's answer into a Tandem outcome.
 *
 * <p>Cedar denies when any forbid policy matches (outcome DENY, the forbid policies determine it) or
 * when no permit matches (DENY by default). Otherwise the matching permit policies determine it: the
 * strongest of their outcomes wins (REVIEW_REQUIRED over ALLOW_WITH_REDACTION over ALLOW), and the
 * redaction plan is the union of their {@code @redact} types. Every decision records the bundle id,
 * the determining policy ids and a SHA-256 of the exact authorization input.
 */
public final class PolicyGuard {

    /** Recorded as the determining policy when no permit matched. */
    public static final String DEFAULT_DENY = "default-deny";

    private static final EntityTypeName USER = type("Tandem::User");
    private static final EntityTypeName ROLE = type("Tandem::Role");
    private static final EntityTypeName DOCUMENT = type("Tandem::Document");
    private static final EntityTypeName ACTION = type("Tandem::Action");

    private final PolicyBundle bundle;
    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final String decidedBy;
    private final Clock clock;
    private final AgentIdentity agent;

    public PolicyGuard(PolicyBundle bundle, String decidedBy, Clock clock) {
        this(bundle, decidedBy, clock, null);
    }

    /** {@code agent} is stamped into every decision (task ARN, image digest); null in tools and tests. */
    public PolicyGuard(PolicyBundle bundle, String decidedBy, Clock clock, AgentIdentity agent) {
        this.bundle = bundle;
        this.decidedBy = decidedBy;
        this.clock = clock;
        this.agent = agent;
    }

    public PolicyBundle bundle() {
        return bundle;
    }

    public PolicyDecision decide(PolicyInput input) {
        EntityUID principal = USER.of(input.subject());
        EntityUID action = ACTION.of(input.purpose().wireName());
        EntityUID resource = DOCUMENT.of(input.jobId());
        long riskBasisPoints = Math.round(input.riskScore() * 10_000);

        Set<Entity> entities = new HashSet<>();
        Set<EntityUID> roles = new HashSet<>();
        for (String role : input.roles()) {
            EntityUID uid = ROLE.of(role);
            roles.add(uid);
            entities.add(new Entity(uid));
        }
        entities.add(new Entity(principal, Map.of("tenant", new PrimString(input.tenant())), roles));
        List<Value> findingTypes = new ArrayList<>();
        input.findingTypes().stream().map(Enum::name).sorted().forEach(t -> findingTypes.add(new PrimString(t)));
        entities.add(new Entity(resource, Map.of(
                "classification", new PrimString(input.classification().wireName()),
                "findingTypes", new CedarList(findingTypes),
                "riskScore", new PrimLong(riskBasisPoints)), Set.of()));
        EntityUID use = ACTION.of("use");
        entities.add(new Entity(use));
        entities.add(new Entity(action, Map.of(), Set.of(use)));

        AuthorizationResponse response;
        try {
            response = engine.isAuthorized(new AuthorizationRequest(principal, action, resource, Optional.of(Map.of()),
                    Optional.of(bundle.schema()), true), bundle.policySet(), entities);
        } catch (AuthException e) {
            throw new PolicyEvaluationException("Cedar could not evaluate job " + input.jobId() + ": " + e.getMessage(), e);
        }
        AuthorizationSuccessResponse success = response.success.orElseThrow(() -> new PolicyEvaluationException(
                "Cedar refused the request of job " + input.jobId() + ": " + response.errors.map(Object::toString).orElse("no detail")));
        if (!success.getErrors().isEmpty()) {
            // A policy that errors is skipped by Cedar; for governance that is not a decision we trust.
            throw new PolicyEvaluationException("policies failed while evaluating job " + input.jobId() + ": " + success.getErrors());
        }
        List<String> determining = new ArrayList<>(success.getReason());
        determining.sort(null);
        Outcome outcome;
        Set<FindingType> redact = EnumSet.noneOf(FindingType.class);
        if (!success.isAllowed()) {
            outcome = Outcome.DENY;
            if (determining.isEmpty()) {
                determining.add(DEFAULT_DENY);
            }
        } else {
            outcome = Outcome.ALLOW;
            for (String id : determining) {
                PolicyBundle.Rule rule = bundle.rule(id);
                outcome = outcome.strongest(rule.outcome());
                // A policy names the types it redacts; the plan names those this document has.
                rule.redact().stream().filter(input.findingTypes()::contains).forEach(redact::add);
            }
        }
        RedactionPlan plan = outcome == Outcome.ALLOW || outcome == Outcome.DENY ? RedactionPlan.NONE : RedactionPlan.of(redact);
        return new PolicyDecision(outcome, bundle.id(), determining, inputHash(input, riskBasisPoints), plan, decidedBy,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), agent);
    }

    /** SHA-256 of the canonical (sorted-key) JSON of exactly what Cedar was asked, bundle included. */
    String inputHash(PolicyInput input, long riskBasisPoints) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("bundle", bundle.id());
        canonical.put("principal", new TreeMap<>(Map.of("subject", input.subject(),
                "roles", input.roles().stream().sorted().toList(), "tenant", input.tenant())));
        canonical.put("action", input.purpose().wireName());
        canonical.put("resource", new TreeMap<>(Map.of("id", input.jobId(), "classification", input.classification().wireName(),
                "findingTypes", input.findingTypes().stream().map(Enum::name).sorted().toList(), "riskScore", riskBasisPoints)));
        return Digests.sha256Hex(Json.write(canonical).getBytes(StandardCharsets.UTF_8));
    }

    private static EntityTypeName type(String name) {
        return EntityTypeName.parse(name).orElseThrow(() -> new IllegalStateException("bad Cedar type name " + name));
    }

    /** Cedar could not produce a trustworthy decision; the step fails (the workflow can Catch it) rather than guess. */
    public static final class PolicyEvaluationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PolicyEvaluationException(String message) {
            super(message);
        }

        PolicyEvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
