package dev.tandem.cdk;

import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.InputContract;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.pipelines.documentcompliance.DocumentComplianceBlueprint;
import dev.tandem.contracts.blueprint.Step;

/** Blueprints for tests. */
final class Blueprints {

    private Blueprints() {
    }

    /** The flagship pipeline with its governance-critical, stateful Govern step moved onto a function. */
    static PipelineDefinition governOnAFunction() {
        Blueprint real = DocumentComplianceBlueprint.blueprint();
        Step govern = real.step("Govern");
        Step moved = new Step(govern.name(), govern.kind(), dev.tandem.contracts.blueprint.Placement.FUNCTION, "Assess", govern.comment(),
                govern.profile(), govern.retry(), govern.timeout(), govern.heartbeat(), govern.next(), govern.timeoutNext(),
                govern.itemsPath(), govern.maxConcurrency(), govern.choices(), govern.otherwise(), govern.resultKey());
        Blueprint contradicting = new Blueprint(real.name(), real.version(), real.entry(), real.startAt(),
                real.steps().stream().map(s -> s.name().equals("Govern") ? moved : s).toList(), real.errorHandler());
        return new PipelineDefinition() {
            @Override
            public Blueprint blueprint() {
                return contradicting;
            }

            @Override
            public InputContract<?> input() {
                return LibraryInputs.DOCUMENT;
            }
        };
    }
}
