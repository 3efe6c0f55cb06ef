package dev.tandem.agent.support;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.pipelines.documentcompliance.DocumentComplianceBlueprint;
import dev.tandem.pipelines.documentcompliance.DocumentComplianceGovernance;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Policy requests of the reference pipeline's governed step, built by that step from evidence as the agent hands it over. */
public final class FlagshipRequests {

    public static final PipelineDefinition PIPELINE = Pipelines.named(DocumentComplianceBlueprint.NAME);

    @SuppressWarnings("unchecked")
    public static final GovernedStep<DocumentComplianceGovernance.Attributes> GOVERNED =
            (GovernedStep<DocumentComplianceGovernance.Attributes>) PIPELINE.governedStep(DocumentComplianceGovernance.NAME);

    private FlagshipRequests() {
    }

    public static PolicyRequest request(String jobId, String subject, List<String> roles, String tenant, Purpose purpose,
                                        DataClassification classification, Set<FindingType> types, double riskScore) {
        List<Finding> findings = new ArrayList<>();
        long at = 0;
        for (FindingType t : types) {
            findings.add(new Finding(t, at, at + 10, "test", 0.99));
            at += 20;
        }
        byte[] evidence = Json.write(findings).getBytes(StandardCharsets.UTF_8);
        return GOVERNED.request(new GovernContext<>(jobId, PIPELINE.name(), "Govern", 0, new WorkflowInput.Principal(subject, roles, tenant),
                Map.of("purpose", purpose.wireName(), "dataClassification", classification.wireName()),
                new DocumentComplianceGovernance.Attributes(riskScore, List.copyOf(types)), evidence));
    }
}
