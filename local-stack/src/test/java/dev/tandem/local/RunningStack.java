package dev.tandem.local;

import dev.tandem.cdk.app.Artifacts;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * One local stack for the end-to-end tests, started as scripts/dev starts it, on a free API port, with the pipelines on
 * the test class path. Pipeline modules use it too (the local-stack test jar): their tests run the pipeline on the stack.
 */
public final class RunningStack {

    private static LocalStack stack;

    private RunningStack() {
    }

    /** Where the stack's processes write their logs: each function's, the agent's, Step Functions'. */
    public static Path logDir() {
        return Artifacts.root(Path.of("").toAbsolutePath()).resolve("local-stack/target/it-logs");
    }

    public static synchronized LocalStack get() throws IOException {
        if (stack == null) {
            Path root = Artifacts.root(Path.of("").toAbsolutePath());
            Path out = Files.createTempDirectory("tandem-cdk-out");
            // The template and assets the CDK app synthesizes for stage local, exactly as `cdk synth` writes them
            // (the CLI turns on the asset metadata that names each function's artifact).
            App app = new App(AppProps.builder().outdir(out.toString())
                    .context(Map.of("stage", "local", "aws:cdk:enable-asset-metadata", true)).build());
            TandemApp.build(app, StageConfig.fromContext(app.getNode()), Artifacts.locate(), Pipelines.all());
            app.synth();
            LocalStack.Options defaults = Main.options(root, 0, null, out.resolve("Tandem-local.template.json"),
                    Integer.getInteger("tandem.maxEnvironments", 2));
            LocalStack.Options options = new LocalStack.Options(0, null, defaults.template(), defaults.agentJar(),
                    defaults.nodeScript(), defaults.polyfill(), logDir(), defaults.maxEnvironments());
            stack = LocalStack.start(options, line -> System.out.println("[local-stack] " + line));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }
}
