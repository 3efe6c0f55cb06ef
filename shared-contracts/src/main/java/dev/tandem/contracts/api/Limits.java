package dev.tandem.contracts.api;

/**
 * The limits of the public API, enforced by the JSON Schemas and by {@code ContractValidator}, and
 * documented in the README. Changing one is a contract change.
 */
public final class Limits {

    /** Inline document text, counted in UTF-8 bytes (1 MiB). */
    public static final int MAX_DOCUMENT_TEXT_BYTES = 1024 * 1024;

    /**
     * Whole request body. The text limit plus room for the envelope and JSON escaping; a body over
     * this is refused with 413 before it is parsed.
     */
    public static final int MAX_REQUEST_BODY_BYTES = MAX_DOCUMENT_TEXT_BYTES + 64 * 1024;

    public static final int MAX_METADATA_ENTRIES = 20;
    public static final int MAX_METADATA_KEY_LENGTH = 64;
    public static final int MAX_METADATA_VALUE_LENGTH = 256;
    public static final int MAX_DOCUMENT_NAME_LENGTH = 255;
    /** Job attributes a pipeline's input contract may keep (names up to the metadata key length, values up to its value length). */
    public static final int MAX_JOB_ATTRIBUTES = 20;
    public static final int MAX_REVIEW_COMMENT_LENGTH = 2000;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    private Limits() {
    }
}
