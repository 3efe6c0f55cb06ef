package dev.tandem.contracts.validation;

import dev.tandem.contracts.api.ReviewDecisionRequest;

/**
 * The public request bodies of the platform that have a JSON Schema, and the record each binds to. A job submission's
 * body is its pipeline's ({@code PipelineDefinition.input()}).
 */
public enum ContractSchema {
    REVIEW_DECISION_REQUEST("review-decision-request", ReviewDecisionRequest.class);

    private final String name;
    private final Class<?> recordType;

    ContractSchema(String name, Class<?> recordType) {
        this.name = name;
        this.recordType = recordType;
    }

    /** Classpath location of the schema, also published in the repo for clients. */
    public String resource() {
        return "/schemas/v1/" + name + ".schema.json";
    }

    public Class<?> recordType() {
        return recordType;
    }
}
