package dev.tandem.functions.steps.model;

/**
 * The model answered, but not with a usable classification. The workflow can Catch it by its class
 * name ({@code dev.tandem.functions.steps.model.ModelOutputException}); retrying the same input is
 * unlikely to help, so the blueprint does not retry it.
 */
public final class ModelOutputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelOutputException(String message) {
        super(message);
    }
}
