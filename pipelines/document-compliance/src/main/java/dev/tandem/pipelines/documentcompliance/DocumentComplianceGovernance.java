package dev.tandem.pipelines.documentcompliance;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.spi.EvidenceRejectedException;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.contracts.pipeline.spi.PolicyRequest.Entity;
import dev.tandem.contracts.pipeline.spi.StatePath;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flagship's governed step: Cedar decides whether the principal may use the document for the purpose it
 * was submitted for, given its classification, the finding types the detectors found and the risk score.
 *
 * <p>Cedar entities (schema {@code schema.cedarschema} of the bundle): the principal is a
 * {@code Tandem::User} in its {@code Tandem::Role}s with a {@code tenant}; the action is the purpose
 * ({@code Tandem::Action}, in the group {@code "use"}); the resource is the {@code Tandem::Document} (the
 * job) with {@code classification}, {@code findingTypes} and {@code riskScore} in basis points.
 */
public final class DocumentComplianceGovernance implements GovernedStep<DocumentComplianceGovernance.Attributes> {

    public static final String NAME = "govern";
    public static final PolicyBundleRef BUNDLE = new PolicyBundleRef("policies/document-compliance/govern", "1.1.0");

    static final String JOB_PURPOSE = LibraryInputs.PURPOSE;
    static final String JOB_CLASSIFICATION = LibraryInputs.DATA_CLASSIFICATION;

    private static final String USER = "Tandem::User";
    private static final String ROLE = "Tandem::Role";
    private static final String ACTION = "Tandem::Action";
    private static final String DOCUMENT = "Tandem::Document";

    /**
     * What Assess tells the agent.
     *
     * @param riskScore    Assess's score in [0, 1]
     * @param findingTypes the finding types Assess saw; checked against the findings object
     */
    public record Attributes(double riskScore, List<FindingType> findingTypes) {
        public Attributes {
            findingTypes = findingTypes == null ? List.of() : List.copyOf(findingTypes);
            if (!(riskScore >= 0 && riskScore <= 1)) {
                throw new IllegalArgumentException("riskScore must be in [0, 1], was " + riskScore);
            }
        }
    }

    private final Step assess;

    DocumentComplianceGovernance(Blueprint blueprint) {
        this.assess = blueprint.step("Assess");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Attributes> attributesType() {
        return Attributes.class;
    }

    @Override
    public Map<String, StatePath> attributePaths() {
        return Map.of("riskScore", StatePath.result(assess).field("riskScore"),
                "findingTypes", StatePath.result(assess).field("findingTypes"));
    }

    @Override
    public StatePath evidencePath() {
        return StatePath.result(assess).field("findings");
    }

    /** Every outcome: redaction goes on to Finalize, REVIEW_REQUIRED to HumanReview, DENY ends the job rejected. */
    @Override
    public Set<Outcome> outcomes() {
        return EnumSet.allOf(Outcome.class);
    }

    @Override
    public PolicyBundleRef bundle() {
        return BUNDLE;
    }

    @Override
    public Set<String> jobAttributes() {
        return Set.of(JOB_PURPOSE, JOB_CLASSIFICATION);
    }

    @Override
    public PolicyRequest request(GovernContext<Attributes> context) {
        Set<FindingType> found = findingTypes(context.evidence());
        Set<FindingType> claimed = context.attributes().findingTypes().isEmpty()
                ? Set.of() : EnumSet.copyOf(context.attributes().findingTypes());
        if (!found.equals(claimed)) {
            throw new EvidenceRejectedException("the task's finding types " + context.attributes().findingTypes()
                    + " do not match the findings object " + found);
        }
        Purpose purpose;
        DataClassification classification;
        try {
            purpose = Purpose.fromWire(context.jobAttribute(JOB_PURPOSE));
            classification = DataClassification.fromWire(context.jobAttribute(JOB_CLASSIFICATION));
        } catch (IllegalArgumentException e) {
            throw new EvidenceRejectedException("job " + context.jobId() + " has an unknown purpose or classification");
        }
        List<Entity> entities = new ArrayList<>();
        Entity principal = Entity.principal(context.principal(), USER, ROLE, entities);
        Entity use = Entity.of(ACTION, "use");
        entities.add(use);
        Entity action = Entity.of(ACTION, purpose.wireName(), Map.of(), List.of(use.ref()));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("classification", classification.wireName());
        document.put("findingTypes", found.stream().map(Enum::name).sorted().toList());
        // Cedar has no decimals: the score in basis points.
        document.put("riskScore", Math.round(context.attributes().riskScore() * 10_000));
        Entity resource = Entity.of(DOCUMENT, context.jobId(), document, List.of());
        return new PolicyRequest(principal, action, resource, Map.of(), entities, found);
    }

    private static Set<FindingType> findingTypes(byte[] evidence) {
        Finding[] findings;
        try {
            findings = Json.read(new String(evidence, StandardCharsets.UTF_8), Finding[].class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new EvidenceRejectedException("the findings object is not a findings list");
        }
        if (findings == null) {
            throw new EvidenceRejectedException("the findings object is not a findings list");
        }
        Set<FindingType> types = EnumSet.noneOf(FindingType.class);
        for (Finding f : findings) {
            types.add(f.type());
        }
        return types;
    }
}
