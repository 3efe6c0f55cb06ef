package dev.tandem.contracts.pipeline.spi;

/**
 * A governed step refuses its task: the evidence, the job record and the task's attributes do not hold
 * together. The agent fails the task ({@code Tandem.InvalidTask}) and audits the refusal; the message is
 * recorded, so it names what disagrees and never quotes document content.
 */
public class EvidenceRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EvidenceRejectedException(String message) {
        super(message);
    }
}
