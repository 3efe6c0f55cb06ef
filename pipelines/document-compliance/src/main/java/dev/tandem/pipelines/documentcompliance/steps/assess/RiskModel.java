package dev.tandem.pipelines.documentcompliance.steps.assess;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The documented risk score and routing rule.
 *
 * <p>Each finding type present contributes its weight w (national id 0.6, payment card 0.5, IBAN 0.4,
 * e-mail 0.15, phone 0.15, IP address 0.1); finding risk = 1 - product of (1 - w) over the types
 * present, so more kinds of sensitive data raise the risk with diminishing increments. The risk score
 * is the larger of the finding risk and the model's sensitivity score; data classified
 * {@code restricted} scores 1.
 *
 * <p>Fast path only when there are no findings, the classification is not restricted and the model
 * score is under its threshold; otherwise the governed path.
 */
public final class RiskModel {

    public static final Map<FindingType, Double> WEIGHTS = Map.of(
            FindingType.NATIONAL_ID, 0.6, FindingType.PAYMENT_CARD, 0.5, FindingType.IBAN, 0.4,
            FindingType.EMAIL, 0.15, FindingType.PHONE, 0.15, FindingType.IP_ADDRESS, 0.1, FindingType.DATE_OF_BIRTH, 0.2);

    public record Result(boolean governed, double riskScore, List<String> reasons) {
    }

    private RiskModel() {
    }

    public static Result assess(Set<FindingType> types, DataClassification classification, double modelScore, double threshold) {
        double keep = 1;
        for (FindingType t : types) {
            keep *= 1 - WEIGHTS.get(t);
        }
        double findingRisk = 1 - keep;
        boolean restricted = classification == DataClassification.RESTRICTED;
        double risk = restricted ? 1.0 : Math.max(findingRisk, modelScore);
        List<String> reasons = new ArrayList<>();
        if (!types.isEmpty()) {
            reasons.add("findings: " + String.join(", ", types.stream().map(Enum::name).sorted().toList()));
        }
        if (restricted) {
            reasons.add("data classification is restricted");
        }
        if (modelScore >= threshold) {
            reasons.add(String.format(Locale.ROOT, "model sensitivity %.2f >= threshold %.2f", modelScore, threshold));
        }
        return new Result(!reasons.isEmpty(), Math.round(risk * 1e4) / 1e4, reasons.isEmpty() ? List.of("nothing sensitive found") : reasons);
    }
}
