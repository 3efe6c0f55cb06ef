package dev.tandem.contracts.problem;

import java.util.Objects;

/**
 * A request that breaks its contract. Carries the problem details to answer with; the API layer maps
 * it to a 4xx response once, at its boundary.
 */
public final class ContractViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ProblemDetails problem;

    public ContractViolationException(ProblemDetails problem) {
        super(Objects.requireNonNull(problem, "problem").detail(), null, false, false);
        this.problem = problem;
    }

    public ProblemDetails problem() {
        return problem;
    }
}
