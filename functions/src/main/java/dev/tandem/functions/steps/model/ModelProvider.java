package dev.tandem.functions.steps.model;

import dev.tandem.contracts.pipeline.ModelInvocation;

/**
 * Sensitivity classification of a text. Implementations record provider, model id and version in
 * every result, so lineage can say which model produced which classification.
 */
public interface ModelProvider {

    /**
     * @throws ModelOutputException when the model answers something that is not a classification
     */
    ModelInvocation classify(String text);
}
