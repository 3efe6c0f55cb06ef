package dev.tandem.agent.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CaseStateTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "RECEIVED, EVALUATING, true",
        "RECEIVED, DECIDED, false",
        "RECEIVED, REPORTED, false",
        "EVALUATING, EVALUATING, true",
        "EVALUATING, DECIDED, true",
        "EVALUATING, REPORTED, false",
        "EVALUATING, RECEIVED, false",
        "DECIDED, REPORTED, true",
        "DECIDED, EVALUATING, false",
        "DECIDED, DECIDED, false",
        "REPORTED, REPORTED, true",
        "REPORTED, EVALUATING, false",
        "REPORTED, DECIDED, false",
    })
    void transitions_onlyMoveForward(CaseState from, CaseState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @Test
    void onlyDecidedAndReportedCases_carryADecision() {
        assertThat(CaseState.DECIDED.decided()).isTrue();
        assertThat(CaseState.REPORTED.decided()).isTrue();
        assertThat(CaseState.EVALUATING.decided()).isFalse();
        assertThatThrownBy(() -> new CaseRecord("j#Govern", "j", "Govern", CaseState.DECIDED, 3, 1, null, null))
                .hasMessageContaining("without a decision");
        PolicyDecision d = new PolicyDecision(Outcome.DENY, "1.0.0+abc", List.of("x"), "0".repeat(64), null, "agent:a", Instant.EPOCH);
        assertThat(new CaseRecord("j#Govern", "j", "Govern", CaseState.DECIDED, 3, 1, d, null).decision()).isEqualTo(d);
    }

    @Test
    void caseIds_areKeyedByJobAndStep() {
        assertThat(CaseRecord.caseId("job-1", "Govern")).isEqualTo("job-1#Govern");
    }
}
