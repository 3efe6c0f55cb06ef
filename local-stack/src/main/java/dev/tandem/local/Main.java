package dev.tandem.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code scripts/dev}: starts the local stack, prints where everything is, and runs until Ctrl-C,
 * which stops every part (child processes included) and frees the ports.
 *
 * <p>Options (picocli): {@code --port N} (API, default 3000), {@code --data-dir DIR} (keep DynamoDB and S3 data
 * across restarts), {@code --max-environments N} (execution environments per function, default 2),
 * {@code --root DIR} (the repository, default the working directory). Usage errors exit 2.
 */
@picocli.CommandLine.Command(name = "scripts/dev", description = "Tandem on this machine: the local stack, until Ctrl-C.")
public final class Main implements java.util.concurrent.Callable<Integer> {

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
    @picocli.CommandLine.Option(names = "--port", paramLabel = "N", description = "the API's port (default ${DEFAULT-VALUE})")
    int port = 3000;
    @picocli.CommandLine.Option(names = "--data-dir", paramLabel = "DIR", description = "keep DynamoDB and S3 data here across restarts")
    Path dataDir;
    @picocli.CommandLine.Option(names = "--max-environments", paramLabel = "N",
            description = "execution environments per function (default ${DEFAULT-VALUE})")
    int environments = 2;
    @picocli.CommandLine.Option(names = "--root", paramLabel = "DIR", description = "the repository (default: the working directory)")
    Path root = Path.of("");

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = this.root.toAbsolutePath();
        Path dataDir = this.dataDir == null ? null : this.dataDir.toAbsolutePath();
        long started = System.nanoTime();
        Path template = root.resolve("cdk.out/Tandem-local.template.json");
        if (!Files.exists(template)) {
            throw new IllegalStateException(template + " is missing: scripts/dev synthesizes it with the CDK app");
        }
        LocalStack.Options options = options(root, port, dataDir, template, environments);
        System.out.println("Starting Tandem locally (stage local)...");
        LocalStack stack = LocalStack.start(options, System.out::println);
        stack.writeLocalEndpoints(root.resolve(dev.tandem.contracts.infra.Stages.LOCAL_ENDPOINTS_FILE));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Tandem...");
            stack.close();
            System.out.println("Stopped; ports freed.");
            stopped.countDown();
        }));
        LocalStack.Endpoints e = stack.endpoints();
        System.out.printf("%nTandem is ready in %.1f s.%n%n", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
        System.out.println("  API            " + e.api() + "/v1   (health: " + e.api() + "/v1/health)");
        System.out.println("  tokens         ./scripts/dev token submitter|reviewer|auditor|operator   (or GET " + e.api() + "/local/token/<role>)");
        System.out.println("  demo           ./scripts/dev demo");
        System.out.println("  submit         curl -s -X POST " + e.api() + "/v1/jobs -H \"Authorization: Bearer $(./scripts/dev token submitter)\" \\");
        System.out.println("                   -H 'Content-Type: application/json' -d '{\"purpose\":\"support-kb\",\"document\":{\"text\":\"Mail me at ada@example.org\"}}'");
        System.out.println("  Step Functions " + e.stepFunctions() + "   Lambda " + e.lambda() + "   agent " + e.agent() + "/ready");
        System.out.println("  AWS engines    DynamoDB " + e.aws().dynamoDb() + "   SQS " + e.aws().sqs() + "   S3 " + e.aws().s3()
                + "   (credentials " + e.aws().accessKeyId() + " / " + e.aws().secretAccessKey() + ")");
        System.out.println("  logs           " + options.logDir());
        System.out.println("\nCtrl-C stops everything.");
        stopped.await();
        return 0;
    }

    static LocalStack.Options options(Path root, int port, Path dataDir, Path template, int maxEnvironments) {
        Path agentJar;
        try (var files = Files.list(root.resolve("agent-service/target"))) {
            agentJar = files.filter(p -> p.getFileName().toString().endsWith("-runnable.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the agent's runnable jar is not built: run scripts/dev (it builds it)"));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("the agent's runnable jar is not built: run scripts/dev (it builds it)", ex);
        }
        Path node = root.resolve("local-stack/src/main/node");
        return new LocalStack.Options(port, dataDir, template, agentJar, node.resolve("sfn-local.mjs"), node.resolve("polyfills.mjs"),
                root.resolve(".tandem/logs"), maxEnvironments);
    }
}
