package dev.tandem.functions.http;

import java.util.Locale;

/** Cognito user-pool groups Tandem authorizes by. Operators may do everything. */
public enum Role {
    SUBMITTER, REVIEWER, AUDITOR, OPERATOR;

    public String groupName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
