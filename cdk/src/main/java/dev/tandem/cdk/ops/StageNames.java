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

    /**
     * The stage's functions by key: the platform's by logical name (e.g. {@code SubmitJob}), a pipeline's as
     * {@code <pipeline>/<step>} (e.g. {@code claims/Extract}); {@link #function} gives the physical name.
     */
    public List<String> functions() {
        List<String> names = new ArrayList<>();
        for (PipelineDefinition pipeline : Pipelines.all()) {
            FunctionCatalog.pipeline(pipeline).stream().map(f -> pipeline.name() + "/" + f.name()).forEach(names::add);
        }
        FunctionCatalog.api().stream().map(FunctionSpec::name).forEach(names::add);
        return names;
    }

    /** The physical name of a function key of {@link #functions()}. */
    public String function(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? Stages.functionName(stage, key) : Stages.pipelineFunctionName(stage, key.substring(0, slash), key.substring(slash + 1));
    }

    public List<String> pipelines() {
        return Pipelines.all().stream().map(PipelineDefinition::name).toList();
    }
}
