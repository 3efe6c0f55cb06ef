package dev.tandem.agent.policy;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a policy decision is about: who (principal), for what purpose (action), on what (the document's
 * classification, finding types and risk score).
 *
 * @param riskScore in [0, 1]
 */
public record PolicyInput(String jobId, String subject, List<String> roles, String tenant, Purpose purpose,
                          DataClassification classification, Set<FindingType> findingTypes, double riskScore) {

    public PolicyInput {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(classification, "classification");
        roles = roles == null ? List.of() : List.copyOf(roles);
        tenant = tenant == null ? "default" : tenant;
        findingTypes = findingTypes == null ? Set.of() : Set.copyOf(findingTypes);
        if (!(riskScore >= 0 && riskScore <= 1)) {
            throw new IllegalArgumentException("riskScore must be in [0, 1], was " + riskScore);
        }
    }
}
