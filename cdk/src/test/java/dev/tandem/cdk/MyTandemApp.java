package dev.tandem.cdk;

import dev.tandem.cdk.app.Artifacts;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;

/** The README's "your own CDK app" example, compiled and synthesized by {@link ReadmeExampleTest}. */
// readme:begin
public final class MyTandemApp {

    public static void main(String[] args) {
        App app = new App();
        deploy(app /* , new MyPipeline() */);
        app.synth();
    }

    /** Tandem's platform and every pipeline on the class path, plus the ones you pass, in one stage. */
    public static TandemApp.Stacks deploy(App app, PipelineDefinition... mine) {
        List<PipelineDefinition> pipelines = new ArrayList<>(Pipelines.all());
        pipelines.addAll(List.of(mine));
        TandemApp.Stacks stacks = TandemApp.build(app, StageConfig.fromContext(app.getNode()), Artifacts.locate(), pipelines);
        // Your own constructs go into stacks.tandem(), next to Tandem's; each pipeline is stacks.tandem().pipeline(name).
        return stacks;
    }
}
// readme:end
