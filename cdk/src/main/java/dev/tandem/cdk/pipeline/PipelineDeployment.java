package dev.tandem.cdk.pipeline;

import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.data.DataStore;
import dev.tandem.cdk.functions.FunctionCatalog;
import dev.tandem.cdk.functions.FunctionSpec;
import dev.tandem.cdk.functions.LambdaFunctions;
import dev.tandem.cdk.orchestration.Orchestration;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * One pipeline of a stage: its kill switch, its function steps (each its own function, role, version, alias and
 * canary, named {@code tandem-<stage>-<pipeline>-<step>}), and its state machine generated from the blueprint
 * (version, {@code live} alias, canary and alarms). The platform ({@code TandemPlatform}'s data, queues, API and
 * agent) is shared; the app adds one of these per registered pipeline, and a team's own CDK app can do the same.
 *
 * <p>Each pipeline is a nested stack of the stage's stack: CloudFormation counts 500 resources a stack, and a pipeline
 * of a few function steps brings some 70, so a stage of several pipelines would not fit in one. {@code cdk deploy}
 * deploys the stage and its pipelines' stacks together; the platform's resources reach a pipeline's stack as
 * parameters, and what the platform reads of a pipeline (its state machine's alias, say) comes back as its outputs.
 */
public final class PipelineDeployment extends NestedStack {

    /** What a pipeline is deployed onto. */
    public record Platform(StageConfig stage, DataStore data, IQueue governance, Path stepsJar, ILayerVersion pipelines,
                           String killSwitchPrefix, String bedrockModelId) {
    }

    private final PipelineDefinition pipeline;
    private final LambdaFunctions functions;
    private final Orchestration orchestration;

    public PipelineDeployment(Construct scope, PipelineDefinition pipeline, Platform platform) {
        super(scope, constructId(pipeline.name()), NestedStackProps.builder()
                .description("Tandem " + platform.stage().name() + ": the " + checked(pipeline).name() + " pipeline").build());
        this.pipeline = pipeline;
        StringParameter.Builder.create(this, "KillSwitch")
                .parameterName(platform.killSwitchPrefix() + pipeline.name())
                .stringValue("off")
                .description("Kill switch of the " + pipeline.name() + " pipeline: on halts new jobs and governed steps within 10 s")
                .build();
        this.functions = new LambdaFunctions(this, "Functions", new LambdaFunctions.Props(platform.stage(), pipeline.name(), null,
                platform.stepsJar(), platform.pipelines(), platform.data(), platform.killSwitchPrefix(), platform.bedrockModelId()));
        for (FunctionSpec spec : FunctionCatalog.pipeline(pipeline)) {
            functions.add(spec, Map.of());
        }
        this.orchestration = new Orchestration(this, "Orchestration", platform.stage(), pipeline, functions, platform.governance());
    }

    private static PipelineDefinition checked(PipelineDefinition pipeline) {
        pipeline.check();
        return pipeline;
    }

    /** {@code claims-check} -> {@code ClaimsCheck}: the construct id, so logical ids carry the pipeline. */
    public static String constructId(String pipelineName) {
        StringBuilder out = new StringBuilder();
        for (String part : pipelineName.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    public PipelineDefinition pipeline() {
        return pipeline;
    }

    public LambdaFunctions functions() {
        return functions;
    }

    public Orchestration orchestration() {
        return orchestration;
    }
}
