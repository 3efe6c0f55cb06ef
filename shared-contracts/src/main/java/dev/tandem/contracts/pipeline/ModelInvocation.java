package dev.tandem.contracts.pipeline;

import java.util.Objects;

/**
 * One sensitivity classification by a model, with everything lineage needs to say which model and
 * which version produced it.
 *
 * @param provider      e.g. {@code embedded} or {@code bedrock}
 * @param modelId       e.g. {@code embedded-lexicon} or {@code anthropic.claude-3-haiku-20240307-v1:0}
 * @param modelVersion  the lexicon version, or the Bedrock model id's version part
 * @param promptVersion the prompt template version (Bedrock), or null
 * @param label         PUBLIC, INTERNAL, CONFIDENTIAL or RESTRICTED
 * @param score         sensitivity in [0, 1]
 * @param inputTokens   the tokens the model read, as a hosted model reports them (0 for a model without tokens)
 * @param outputTokens  the tokens it wrote (0 for a model without tokens)
 */
public record ModelInvocation(String provider, String modelId, String modelVersion, String promptVersion, String label, double score,
                              long inputTokens, long outputTokens) {

    /** A classification by a model that counts no tokens (the embedded one). */
    public ModelInvocation(String provider, String modelId, String modelVersion, String promptVersion, String label, double score) {
        this(provider, modelId, modelVersion, promptVersion, label, score, 0, 0);
    }

    public ModelInvocation {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(label, "label");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
    }

    /** {@code modelId@modelVersion}, the key of the lineage reverse index. */
    public String reference() {
        return modelId + "@" + modelVersion;
    }
}
