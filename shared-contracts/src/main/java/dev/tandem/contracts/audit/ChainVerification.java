package dev.tandem.contracts.audit;

/**
 * Result of verifying a job's audit chain.
 *
 * @param valid               true when every link holds and the chain ends at its anchored head
 * @param eventCount          events examined
 * @param firstBrokenSequence sequence number at which the chain first breaks (the position in the
 *                            list, counted from 1), or null when valid
 * @param problem             what is wrong at that position, or null when valid
 * @param expected            what a sound chain has there (a sequence, a hash, the anchored head), or null when valid
 * @param found               what the stored chain has there, or null when valid
 * @param anchoredHead        where the job record says the chain ends; null for a job without an anchored head
 *                            (written before heads were anchored), whose tail cannot be checked
 */
public record ChainVerification(boolean valid, int eventCount, Long firstBrokenSequence, String problem, String expected,
                                String found, AuditHead anchoredHead) {

    static ChainVerification ok(int count, AuditHead head) {
        return new ChainVerification(true, count, null, null, null, null, head);
    }

    static ChainVerification broken(int count, Long at, String problem, String expected, String found, AuditHead head) {
        return new ChainVerification(false, count, at, problem, expected, found, head);
    }
}
