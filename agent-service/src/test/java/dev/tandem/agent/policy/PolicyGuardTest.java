package dev.tandem.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.agent.support.FlagshipRequests;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default bundle against the samples table (samples/README.md), for every purpose. */
class PolicyGuardTest {

    private static final PolicyBundleRef REF = FlagshipRequests.GOVERNED.bundle();
    private static final PolicyBundle BUNDLE = load(REF.version());
    private static final PolicyGuard GUARD = new PolicyGuard(BUNDLE, "agent:test", Clock.systemUTC());

    private static Set<FindingType> types(String spec) {
        Set<FindingType> types = EnumSet.noneOf(FindingType.class);
        if (spec != null) {
            for (String t : spec.split(" ")) {
                types.add(FindingType.valueOf(t));
            }
        }
        return types;
    }

    private static PolicyDecision decide(String roles, String purpose, String classification, Set<FindingType> types, double risk) {
        String jobId = "3f2b8c1e-9d4a-4c6e-8f1a-2b3c4d5e6f70";
        return GUARD.decide(jobId, FlagshipRequests.request(jobId, "user-1", List.of(roles.split(" ")), "acme",
                Purpose.fromWire(purpose), DataClassification.fromWire(classification), types, risk));
    }

    private static PolicyBundle load(String version) {
        return PolicyBundle.load(REF.at(version), PolicyGuardTest.class.getClassLoader());
    }

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource(delimiter = '|', value = {
            "clean-product-faq|support-kb||ALLOW|",
            "clean-product-faq|model-training||ALLOW|",
            "support-ticket-contact|support-kb|EMAIL PHONE|ALLOW_WITH_REDACTION|EMAIL PHONE",
            "support-ticket-contact|model-training|EMAIL PHONE|ALLOW_WITH_REDACTION|EMAIL PHONE",
            "invoice-payment|support-kb|IBAN PAYMENT_CARD EMAIL PHONE|ALLOW_WITH_REDACTION|EMAIL PHONE PAYMENT_CARD IBAN",
            "invoice-payment|analytics|IBAN PAYMENT_CARD EMAIL PHONE|ALLOW_WITH_REDACTION|EMAIL PHONE PAYMENT_CARD IBAN",
            "invoice-payment|model-training|IBAN PAYMENT_CARD EMAIL PHONE|DENY|",
            "hr-letter-national-id|support-kb|NATIONAL_ID EMAIL|REVIEW_REQUIRED|EMAIL NATIONAL_ID",
            "hr-letter-national-id|analytics|NATIONAL_ID EMAIL|REVIEW_REQUIRED|EMAIL NATIONAL_ID",
            "hr-letter-national-id|model-training|NATIONAL_ID EMAIL|DENY|",
            "incident-report-network|support-kb|IP_ADDRESS EMAIL|ALLOW_WITH_REDACTION|EMAIL IP_ADDRESS",
            "incident-report-network|model-training|IP_ADDRESS EMAIL|ALLOW_WITH_REDACTION|EMAIL IP_ADDRESS",
            "false-positives|support-kb||ALLOW|",
            "false-positives|model-training||ALLOW|",
            "multilingual-mixed|support-kb|IBAN EMAIL PHONE|ALLOW_WITH_REDACTION|EMAIL PHONE IBAN",
            "multilingual-mixed|model-training|IBAN EMAIL PHONE|DENY|",
            "meeting-notes-long|support-kb|EMAIL PAYMENT_CARD|ALLOW_WITH_REDACTION|EMAIL PAYMENT_CARD",
            "meeting-notes-long|model-training|EMAIL PAYMENT_CARD|DENY|",
            "date of birth|support-kb|DATE_OF_BIRTH|ALLOW_WITH_REDACTION|DATE_OF_BIRTH",
            "date of birth and phone|model-training|DATE_OF_BIRTH PHONE|ALLOW_WITH_REDACTION|PHONE DATE_OF_BIRTH"})
    void sampleDecisions(String sample, String purpose, String found, Outcome expected, String plan) {
        PolicyDecision decision = decide("submitter", purpose, "internal", types(found), 0.3);

        assertThat(decision.outcome()).as(sample).isEqualTo(expected);
        assertThat(Set.copyOf(decision.redactionPlan().redact())).isEqualTo(types(plan));
        assertThat(decision.policyBundle()).isEqualTo(BUNDLE.id());
        assertThat(decision.determiningPolicies()).isNotEmpty();
    }

    @Test
    void determiningPolicies_nameThePolicyFiles() {
        assertThat(decide("submitter", "support-kb", "internal", types("NATIONAL_ID EMAIL"), 0.5).determiningPolicies())
                .containsExactly("contact-redact", "national-id-review");
        assertThat(decide("submitter", "model-training", "internal", types("IBAN PAYMENT_CARD EMAIL PHONE"), 0.5).determiningPolicies())
                .containsExactly("financial-training-deny");
    }

    @Test
    void restrictedData_needsReviewWhateverTheFindings() {
        assertThat(decide("submitter", "support-kb", "restricted", Set.of(), 0.1).outcome()).isEqualTo(Outcome.REVIEW_REQUIRED);
        assertThat(decide("submitter", "analytics", "restricted", types("EMAIL"), 0.1).outcome()).isEqualTo(Outcome.REVIEW_REQUIRED);
    }

    @Test
    void highModelSensitivityWithoutFindings_needsReview() {
        assertThat(decide("submitter", "support-kb", "internal", Set.of(), 0.85).outcome()).isEqualTo(Outcome.REVIEW_REQUIRED);
    }

    @Test
    void principalWithoutSubmitterRole_isDenied_operatorsAreNot() {
        PolicyDecision reviewer = decide("reviewer", "support-kb", "internal", Set.of(), 0.1);
        assertThat(reviewer.outcome()).isEqualTo(Outcome.DENY);
        assertThat(reviewer.determiningPolicies()).containsExactly("submitters-only");
        assertThat(decide("operator", "support-kb", "internal", Set.of(), 0.1).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void inputHash_isStableForTheSameInput_andChangesWithAnyPartOfIt() {
        PolicyDecision a = decide("submitter", "support-kb", "internal", types("EMAIL"), 0.3);
        PolicyDecision b = decide("submitter", "support-kb", "internal", types("EMAIL"), 0.3);
        PolicyDecision c = decide("submitter", "analytics", "internal", types("EMAIL"), 0.3);
        PolicyDecision d = decide("submitter", "support-kb", "internal", types("EMAIL PHONE"), 0.3);

        assertThat(a.inputHash()).isEqualTo(b.inputHash()).matches("[0-9a-f]{64}");
        assertThat(c.inputHash()).isNotEqualTo(a.inputHash());
        assertThat(d.inputHash()).isNotEqualTo(a.inputHash());
    }

    @Test
    void bundleId_isVersionPlusContentHash() {
        assertThat(BUNDLE.id()).matches("1\\.1\\.0\\+[0-9a-f]{12}");
        assertThat(load("1.1.0").id()).isEqualTo(BUNDLE.id());
        assertThat(load("1.0.0").id()).as("the previous bundle stays, to roll back to").matches("1\\.0\\.0\\+[0-9a-f]{12}");
    }

    @Test
    void bundleThatFailsSchemaValidation_isRefusedNamingThePolicy() {
        assertThatThrownBy(() -> load("test-invalid"))
                .isInstanceOf(InvalidPolicyBundleException.class)
                .hasMessageContaining("fails validation")
                .hasMessageContaining("typo-attribute");
    }

    @Test
    void bundleWithAnUnannotatedPolicy_isRefusedNamingThePolicy() {
        assertThatThrownBy(() -> load("test-no-outcome"))
                .isInstanceOf(InvalidPolicyBundleException.class)
                .hasMessageContaining("policy unannotated")
                .hasMessageContaining("@outcome");
    }

    @Test
    void missingBundle_isRefused() {
        assertThatThrownBy(() -> load("9.9.9")).isInstanceOf(InvalidPolicyBundleException.class)
                .hasMessageContaining("policies/document-compliance/govern/9.9.9/bundle.json");
    }
}
