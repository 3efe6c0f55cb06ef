package dev.tandem.agent.cases;

/** The case changed since it was read (another delivery of the same step got there first). */
public final class CaseConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CaseConflictException(String caseId, long expectedVersion) {
        super("case " + caseId + " is no longer at version " + expectedVersion);
    }
}
