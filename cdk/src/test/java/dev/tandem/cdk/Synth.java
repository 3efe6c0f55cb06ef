package dev.tandem.cdk;

import dev.tandem.cdk.app.Artifacts;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.json.Json;
import dev.tandem.testsupport.StageTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

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

    /**
     * The stage as one template: the stage's stack with its pipelines' nested stacks in place (their parameters resolved
     * to what the stage passes), for assertions about the stage as a whole.
     */
    static Template stage(TandemApp.Stacks stacks) {
        Stack stack = stacks.tandem();
        Path template = Path.of(software.amazon.awscdk.Stage.of(stack).getOutdir(), stack.getTemplateFile());
        return Template.fromJSON(Json.mapper().convertValue(StageTemplate.flatten(template),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
    }

    /** The stage's stack and its pipelines' nested stacks: each a CloudFormation stack of its own. */
    static List<Stack> stacksOf(TandemApp.Stacks stacks) {
        List<Stack> out = new java.util.ArrayList<>(List.of(stacks.tandem()));
        out.addAll(stacks.tandem().pipelines());
        return out;
    }

    static TandemApp.Stacks synth(Map<String, Object> context, PipelineDefinition pipeline) {
        return synth(context, List.of(pipeline));
    }

    static TandemApp.Stacks synth(Map<String, Object> context, List<PipelineDefinition> pipelines) {
        // Asset metadata on, as the CDK CLI synthesizes: it names each nested stack's template file (see stage()).
        Map<String, Object> withAssets = new java.util.HashMap<>(context);
        withAssets.put("aws:cdk:enable-asset-metadata", true);
        App app = new App(AppProps.builder().context(withAssets).build());
        TandemApp.Stacks stacks = TandemApp.build(app, StageConfig.fromContext(app.getNode()), Artifacts.locate(), pipelines);
        app.synth();
        return stacks;
    }
}
