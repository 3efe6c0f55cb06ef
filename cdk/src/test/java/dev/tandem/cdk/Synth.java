package dev.tandem.cdk;

import dev.tandem.cdk.app.Artifacts;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Synthesizes the app once per configuration for the template tests (a synth takes seconds). */
final class Synth {

    static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static TandemApp.Stacks prod;
    private static TandemApp.Stacks dev;
    private static TandemApp.Stacks two;

    private Synth() {
    }

    static synchronized TandemApp.Stacks prod() {
        if (prod == null) {
            prod = synth(Map.of("stage", "prod", "agentImageDigest", DIGEST, "alarmEmail", "oncall@example.org"),
                    Pipelines.all());
        }
        return prod;
    }

    static synchronized TandemApp.Stacks dev() {
        if (dev == null) {
            dev = synth(Map.of("stage", "dev"), Pipelines.all());
        }
        return dev;
    }

    /** The registered pipelines and a second one declared in the tests, side by side in one stage. */
    static synchronized TandemApp.Stacks twoPipelines() {
        if (two == null) {
            List<PipelineDefinition> pipelines = new java.util.ArrayList<>(Pipelines.all());
            pipelines.add(new dev.tandem.contracts.pipeline.spi.ExamplePipeline());
            two = synth(Map.of("stage", "dev"), pipelines);
        }
        return two;
    }

    static TandemApp.Stacks synth(Map<String, Object> context, PipelineDefinition pipeline) {
        return synth(context, List.of(pipeline));
    }

    static TandemApp.Stacks synth(Map<String, Object> context, List<PipelineDefinition> pipelines) {
        App app = new App(AppProps.builder().context(context).build());
        TandemApp.Stacks stacks = TandemApp.build(app, StageConfig.fromContext(app.getNode()), Artifacts.locate(), pipelines);
        app.synth();
        return stacks;
    }
}
