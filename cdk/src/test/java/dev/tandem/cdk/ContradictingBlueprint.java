package dev.tandem.cdk;

import dev.tandem.contracts.blueprint.Blueprint;

/** For {@code placement --blueprint}: the flagship blueprint with its Govern step on a function, which the advisor refuses. */
public final class ContradictingBlueprint {

    private ContradictingBlueprint() {
    }

    public static Blueprint blueprint() {
        return Blueprints.governOnAFunction().blueprint();
    }
}
