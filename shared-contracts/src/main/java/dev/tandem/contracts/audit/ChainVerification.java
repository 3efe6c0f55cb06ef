package dev.tandem.contracts.audit;

/**
 * Result of verifying a job's audit chain.
 *
 * @param valid               true when every link holds
 * @param eventCount          events examined
 * @param firstBrokenSequence sequence number at which the chain first breaks (the position in the
 *                            list, counted from 1), or null when valid
 * @param problem             what is wrong at that position, or null when valid
 */
public record ChainVerification(boolean valid, int eventCount, Long firstBrokenSequence, String problem) {

    static ChainVerification ok(int count) {
        return new ChainVerification(true, count, null, null);
    }

    static ChainVerification broken(int count, long at, String problem) {
        return new ChainVerification(false, count, at, problem);
    }
}
