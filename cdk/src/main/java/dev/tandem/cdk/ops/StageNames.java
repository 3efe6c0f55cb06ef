package dev.tandem.cdk.ops;

import dev.tandem.cdk.functions.FunctionCatalog;
import dev.tandem.cdk.functions.FunctionSpec;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.util.ArrayList;
import java.util.List;

/** The physical names the CDK app gives a stage's resources; the operations CLI finds them by these. */
public record StageNames(String stage) {

    public String prefix() {
        return Stages.prefix(stage);
    }

    public String manifestParameter() {
        return "/tandem/" + stage + "/release";
    }

    public String killSwitchParameter(String pipeline) {
        return Stages.killSwitchPrefix(stage) + pipeline;
    }

    public String cluster() {
        return prefix() + "-agent";
    }

    public String service() {
        return prefix() + "-agent";
    }

    /** Logical function names, e.g. SubmitJob; physical names are {@code tandem-<stage>-<name>}. */
    public List<String> functions() {
        List<String> names = new ArrayList<>();
        for (PipelineDefinition pipeline : Pipelines.all()) {
            FunctionCatalog.pipeline(pipeline.blueprint()).stream().map(FunctionSpec::name).filter(n -> !names.contains(n)).forEach(names::add);
        }
        FunctionCatalog.api().stream().map(FunctionSpec::name).forEach(names::add);
        return names;
    }

    public String function(String name) {
        return Stages.functionName(stage, name);
    }

    public List<String> pipelines() {
        return Pipelines.all().stream().map(PipelineDefinition::name).toList();
    }
}
