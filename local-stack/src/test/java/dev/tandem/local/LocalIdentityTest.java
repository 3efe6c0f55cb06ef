package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalIdentityTest {

    private final LocalIdentity identity = new LocalIdentity("https://tandem.local/identity");

    @Test
    void aTokenForSeveralRoles_carriesEachAsACognitoGroup_underItsOwnSubject() {
        Map<String, Object> both = identity.verify("Bearer " + identity.token("submitter+operator"));
        Map<String, Object> submitter = identity.verify("Bearer " + identity.token("submitter"));

        assertThat(both).containsEntry("cognito:groups", "submitter,operator");
        assertThat(submitter).containsEntry("cognito:groups", "submitter");
        assertThat(both.get("sub")).isNotEqualTo(submitter.get("sub"));
        assertThat(identity.verify("Bearer " + identity.token("submitter")).get("sub")).isEqualTo(submitter.get("sub"));
    }

    @Test
    void anUnknownRole_isRefused_andAForeignToken_verifiesToNothing() {
        assertThatThrownBy(() -> identity.token("submitter+admin")).hasMessageContaining("unknown role 'admin'");
        assertThat(identity.verify("Bearer " + new LocalIdentity("https://tandem.local/identity").token("auditor"))).isNull();
    }
}
