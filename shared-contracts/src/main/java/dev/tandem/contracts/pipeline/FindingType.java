package dev.tandem.contracts.pipeline;

/** Kinds of sensitive data the analyzers report; each redacts to a typed placeholder. */
public enum FindingType {
    EMAIL,
    PHONE,
    PAYMENT_CARD,
    IBAN,
    NATIONAL_ID,
    IP_ADDRESS,
    /** A date the text says is someone's date of birth. */
    DATE_OF_BIRTH;

    /** The text that replaces a finding of this type in a redacted result, e.g. {@code [EMAIL]}. */
    public String placeholder() {
        return "[" + name() + "]";
    }
}
