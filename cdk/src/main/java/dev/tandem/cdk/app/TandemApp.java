package dev.tandem.cdk.app;

import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.util.List;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app ({@code cdk.json}): {@code cdk deploy -c stage=dev|prod}. Account and region come from
 * the CLI's environment (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION). cdk-nag's AWS Solutions and
 * Serverless packs check every synth.
 */
public final class TandemApp {

    private TandemApp() {
    }

    public record Stacks(BootstrapStack bootstrap, TandemStack tandem) {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app, StageConfig.fromContext(app.getNode()), Artifacts.locate(), Pipelines.all());
        app.synth();
    }

    public static Stacks build(App app, StageConfig stage, Artifacts artifacts, List<PipelineDefinition> pipelines) {
        Environment env = Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build();
        BootstrapStack bootstrap = new BootstrapStack(app, "TandemBootstrap", StackProps.builder().env(env)
                .description("Tandem: agent image repository and ECR Public pull-through cache").build());
        Object model = app.getNode().tryGetContext("bedrockModelId");
        TandemStack tandem = new TandemStack(app, "Tandem-" + stage.name(), StackProps.builder().env(env)
                .description("Tandem " + stage.name() + ": the platform and the pipelines " + String.join(", ", pipelines.stream().map(PipelineDefinition::name).toList())).build(),
                stage, artifacts, pipelines, model == null ? null : model.toString());
        Tags.of(app).add("project", "tandem");
        Tags.of(tandem).add("stage", stage.name());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));
        return new Stacks(bootstrap, tandem);
    }
}
