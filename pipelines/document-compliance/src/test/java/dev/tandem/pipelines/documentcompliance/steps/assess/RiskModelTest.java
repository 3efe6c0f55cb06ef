package dev.tandem.pipelines.documentcompliance.steps.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Assess's rule for the path: fast only without findings, restriction or a model signal. */
class RiskModelTest {

    @Test
    void riskModel_fastOnlyWithoutFindingsRestrictionOrModelSignal() {
        assertThat(RiskModel.assess(Set.of(), DataClassification.INTERNAL, 0.1, 0.7).governed()).isFalse();
        assertThat(RiskModel.assess(Set.of(), DataClassification.RESTRICTED, 0.1, 0.7)).satisfies(r -> {
            assertThat(r.governed()).isTrue();
            assertThat(r.riskScore()).isEqualTo(1.0);
            assertThat(r.reasons()).containsExactly("data classification is restricted");
        });
        assertThat(RiskModel.assess(Set.of(), DataClassification.PUBLIC, 0.7, 0.7).reasons())
                .containsExactly("model sensitivity 0.70 >= threshold 0.70");
        RiskModel.Result two = RiskModel.assess(Set.of(FindingType.NATIONAL_ID, FindingType.EMAIL), DataClassification.INTERNAL, 0.2, 0.7);
        assertThat(two.riskScore()).isEqualTo(1 - (1 - 0.6) * (1 - 0.15), org.assertj.core.api.Assertions.within(1e-4));
        assertThat(two.reasons()).containsExactly("findings: EMAIL, NATIONAL_ID");
    }

}
