package dev.tandem.contracts.pipeline.spi;

import dev.tandem.contracts.blueprint.Blueprint;
import java.util.List;

/** Pipeline definitions assembled from parts, for the tests of the SPI's checks and of what reads definitions. */
public final class TestPipelines {

    private TestPipelines() {
    }

    public static PipelineDefinition of(String name, Blueprint blueprint, InputContract<?> input, List<FunctionStep> functions,
                                        List<GovernedStep<?>> governed, boolean isDefault) {
        return new PipelineDefinition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Blueprint blueprint() {
                return blueprint;
            }

            @Override
            public InputContract<?> input() {
                return input;
            }

            @Override
            public List<FunctionStep> functions() {
                return functions;
            }

            @Override
            public List<GovernedStep<?>> governedSteps() {
                return governed;
            }

            @Override
            public boolean isDefault() {
                return isDefault;
            }
        };
    }
}
