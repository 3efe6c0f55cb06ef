package dev.tandem.cdk.ops;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.infra.NamedValues;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.placement.PlacementReport;
import dev.tandem.contracts.placement.PricingTable;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The operations CLI behind {@code scripts/status}, {@code scripts/kill-switch}, {@code scripts/rollback},
 * {@code scripts/verify-audit} and the release-manifest step of {@code scripts/deploy}, on picocli. Exit codes:
 * 0 done, 1 refused or failed (the message says what to do), 2 usage.
 */
public final class OpsCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private OpsCli() {
    }

    /** What every command writes to and works with. */
    record Context(PrintStream out, PrintStream err, Supplier<OpsClients> clients, Clock clock) {
    }

    public static void main(String[] args) {
        String endpoint = System.getenv("TANDEM_OPS_ENDPOINT");
        System.exit(run(args, System.out, System.err, () -> OpsClients.create(endpoint == null ? null : URI.create(endpoint)), Clock.systemUTC()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Supplier<OpsClients> clients, Clock clock) {
        Context context = new Context(out, err, clients, clock);
        CommandLine cli = new CommandLine(new Root(context))
                .addSubcommand(new CommandLine(new Status(context)))
                .addSubcommand(new CommandLine(new KillSwitch(context)))
                .addSubcommand(new CommandLine(new RecordRelease(context)))
                .addSubcommand(new CommandLine(new RollbackCommand(context)))
                .addSubcommand(new CommandLine(new VerifyAuditCommand(context)))
                .addSubcommand(new CommandLine(new PlacementCommand(context)))
                .addSubcommand(new CommandLine(new KpisCommand(context)));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, ignored) -> usage(e, err));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof ParameterException invalid) {
                return usage(invalid, err);
            }
            err.println("error: " + message(e));
            return FAILED;
        });
        return cli.execute(args);
    }

    private static int usage(ParameterException e, PrintStream err) {
        err.println("error: " + e.getMessage());
        err.println("run " + e.getCommandLine().getCommandName() + " --help for its usage");
        return USAGE;
    }

    /** What went wrong, in words: the SDK's own text (provider chains, object ids) helps nobody here. */
    private static String message(Exception e) {
        if (e instanceof SdkClientException client) {
            String message = client.getMessage() == null ? "" : client.getMessage();
            if (message.contains("Unable to load region")) {
                return "no AWS region: set AWS_REGION (or a region in your AWS profile), then try again.";
            }
            if (message.contains("credentials")) {
                return "no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `aws sso login`, then try again.";
            }
            return "could not reach AWS (" + e.getClass().getSimpleName() + "): check your network and AWS_REGION, then try again.";
        }
        if (e instanceof AwsServiceException service) {
            return "AWS refused the request: " + service.awsErrorDetails().serviceName() + " " + service.awsErrorDetails().errorCode()
                    + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    @Command(name = "tandem-ops", description = "Operate Tandem: a deployed stage, its audit trail, the placement report.",
            subcommandsRepeatable = false)
    static final class Root implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;

        Root(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.err().println("error: say which command to run");
            new CommandLine(this).usage(context.err());
            return USAGE;
        }
    }

    /** {@code -h, --help} on every command: its usage, exit 0. */
    static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    /** {@code --stage S}: a stage's name, lower case, as {@code scripts/deploy} took it. */
    static final class StageOption {
        @Option(names = "--stage", paramLabel = "S", description = "the stage, e.g. dev")
        String stage;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        StageNames names() {
            if (stage == null || !stage.matches("[a-z][a-z0-9]{1,15}")) {
                throw new ParameterException(spec.commandLine(), "--stage is required (e.g. --stage dev): 2 to 16 lower-case letters and digits");
            }
            return new StageNames(stage);
        }
    }

    @Command(name = "status", description = "Release manifests, aliases, kill switches and the agent of a stage.")
    static final class Status implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;
        @Mixin
        StageOption stage;

        Status(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            StageNames names = stage.names();
            try (OpsClients aws = context.clients().get()) {
                dev.tandem.cdk.ops.Status.print(aws, names, context.out());
            }
            return OK;
        }
    }

    @Command(name = "kill-switch", description = "Turn a pipeline's kill switch on or off.")
    static final class KillSwitch implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;
        @Mixin
        StageOption stage;
        @Option(names = "--pipeline", paramLabel = "P", description = "the pipeline (default: the stage's first)")
        String pipeline;
        @Parameters(paramLabel = "on|off", arity = "0..1", description = "on stops new jobs and governed steps; off resumes")
        String value;

        KillSwitch(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            StageNames names = stage.names();
            if (value == null || !(value.equals("on") || value.equals("off"))) {
                throw new ParameterException(new CommandLine(this), "say on or off, e.g. scripts/kill-switch --stage " + names.stage() + " on");
            }
            String target = pipeline == null ? names.pipelines().getFirst() : pipeline;
            if (!names.pipelines().contains(target)) {
                throw new ParameterException(new CommandLine(this), "unknown pipeline " + target + "; pipelines: " + names.pipelines());
            }
            try (OpsClients aws = context.clients().get()) {
                aws.ssm().putParameter(b -> b.name(names.killSwitchParameter(target)).type(ParameterType.STRING).overwrite(true).value(value));
            }
            context.out().printf("kill switch of %s in %s is %s; every function and agent task sees it within 10 s.%n", target, names.stage(), value);
            if (value.equals("on")) {
                context.out().println("New jobs get 503 with Retry-After; governed steps fail with Tandem.KillSwitch and their jobs end HALTED.");
            }
            return OK;
        }
    }

    @Command(name = "record-release", description = "Record what a deployment put live, as the next release manifest.")
    static final class RecordRelease implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;
        @Mixin
        StageOption stage;
        @Option(names = "--state-machine-alias-arns", required = true, paramLabel = "pipeline=ARN,...")
        String aliasArns;
        @Option(names = "--image-digest", required = true, paramLabel = "sha256:...")
        String imageDigest;
        @Option(names = "--policy-bundle", required = true, paramLabel = "ID")
        String policyBundle;
        @Option(names = "--model", required = true, paramLabel = "REF")
        String model;
        @Option(names = "--prompt-version", paramLabel = "V")
        String promptVersion;
        @Option(names = "--model-endpoints", paramLabel = "pipeline=endpoint,...",
                description = "The SageMaker endpoints the stage's pipelines score with (as deployed with -c modelEndpoints).")
        String modelEndpoints;

        RecordRelease(Context context) {
            this.context = context;
        }

        /** An option's {@code pipeline=value,...}, each pipeline one of the stage's; a usage error otherwise. */
        private Map<String, String> perPipeline(String option, String name, String value, StageNames names) {
            String takes = name + " takes pipeline=" + value + ",... for the pipelines " + names.pipelines() + "; ";
            Map<String, String> pairs;
            try {
                pairs = NamedValues.parse(option);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(new CommandLine(this), takes + e.getMessage());
            }
            for (String pipeline : pairs.keySet()) {
                if (!names.pipelines().contains(pipeline)) {
                    throw new ParameterException(new CommandLine(this), takes + "got the pipeline '" + pipeline + "'");
                }
            }
            return pairs;
        }

        @Override
        public Integer call() {
            StageNames names = stage.names();
            Map<String, String> aliases = perPipeline(aliasArns, "--state-machine-alias-arns", "ARN", names);
            Map<String, String> endpoints = modelEndpoints == null ? Map.of() : perPipeline(modelEndpoints, "--model-endpoints", "endpoint", names);
            try (OpsClients aws = context.clients().get()) {
                Releases releases = new Releases(aws, names, context.clock());
                ReleaseManifest manifest = releases.capture(aliases.values(), imageDigest, policyBundle, model, promptVersion, endpoints);
                long version = releases.record(manifest);
                context.out().printf("recorded release manifest version %d of %s: %d functions, state machines %s, task definition %s, policy bundles %s%n",
                        version, names.stage(), manifest.functions().size(), manifest.stateMachines().values(), manifest.taskDefinition(),
                        manifest.policyBundle());
            }
            return OK;
        }
    }

    @Command(name = "rollback", description = "Put a stage back to an earlier release manifest.")
    static final class RollbackCommand implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;
        @Mixin
        StageOption stage;
        @Option(names = "--to", paramLabel = "MANIFEST_VERSION", description = "the manifest version (default: the one before the current)")
        Long to;
        @Option(names = "--only", paramLabel = "PARTS", description = "functions,state-machine,agent (default: all; with --pipeline: "
                + "functions,state-machine)")
        String only;
        @Option(names = "--pipeline", paramLabel = "P", description = "only this pipeline's functions and state machine (and what ships "
                + "with its functions, such as its model); its bundle is pinned with scripts/deploy -c policyVersions=P/step=version")
        String pipeline;
        @Option(names = "--dry-run", description = "print the plan, change nothing")
        boolean dryRun;

        RollbackCommand(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            StageNames names = stage.names();
            try (OpsClients aws = context.clients().get()) {
                Rollback rollback = new Rollback(aws, names, context.clock());
                Rollback.Plan plan = rollback.plan(to, pipeline != null && only == null
                        ? java.util.EnumSet.of(Rollback.Part.FUNCTIONS, Rollback.Part.STATE_MACHINE) : Rollback.parts(only), pipeline);
                Rollback.printPlan(plan, context.out());
                if (dryRun) {
                    context.out().println("dry run: nothing changed");
                    return OK;
                }
                Rollback.Result result = rollback.execute(plan);
                Rollback.printResult(plan, result, context.out(), context.err());
                return result.complete() ? OK : FAILED;
            }
        }
    }

    @Command(name = "verify-audit", mixinStandardHelpOptions = true,
            description = "Verify a job's audit trail (--job) or the chain of audit digests (--digests), in a stage or on the local stack.")
    static final class VerifyAuditCommand implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;
        @Mixin
        StageOption stage;
        @Option(names = "--local", description = "the local stack (scripts/dev), instead of --stage")
        boolean local;
        @Option(names = "--job", paramLabel = "JOB_ID")
        String job;
        @Option(names = "--digests", description = "the digests' chain and signatures")
        boolean digests;

        VerifyAuditCommand(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if ((job == null) == !digests) {
                throw new ParameterException(new CommandLine(this), "say what to verify: --job JOB_ID or --digests");
            }
            if (local) {
                // The local stack's stores, from the file it writes: no AWS client, credentials or region.
                VerifyAudit.Target target = VerifyAudit.local(java.nio.file.Path.of(dev.tandem.contracts.infra.Stages.LOCAL_ENDPOINTS_FILE));
                return digests ? VerifyAudit.digests(target, context.out()) : VerifyAudit.job(target, job, context.out());
            }
            StageNames names = stage.names();
            try (OpsClients aws = context.clients().get()) {
                VerifyAudit.Target target = VerifyAudit.aws(aws, names.stage());
                return digests ? VerifyAudit.digests(target, context.out()) : VerifyAudit.job(target, job, context.out());
            }
        }
    }

    @Command(name = "placement", description = "Each registered pipeline's blueprint (or one) with declared and advised placement, "
            + "reasons and cost per 1,000 jobs; exit 1 when a declared placement contradicts the advisor.")
    static final class PlacementCommand implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;
        @Option(names = "--blueprint", paramLabel = "CLASS",
                description = "a class with a public static Blueprint blueprint() method (default: every registered pipeline)")
        String blueprint;
        @Option(names = "--pricing", paramLabel = "FILE", description = "properties overriding the bundled us-east-1 prices")
        Path pricing;
        @Option(names = "--measured", description = "review the placements at the measured figures (each step's p99 and invocations per "
                + "job from the pipeline's KPIs: the local stack's, a stage's from CloudWatch with --stage S over the last 30 days, or --kpis "
                + "FILE) and say where they contradict a placement or an SLO")
        boolean measured;
        @Mixin
        StageOption stage;
        @Option(names = "--kpis", paramLabel = "FILE", description = "with --measured: what GET /v1/pipelines/{name}/kpis answered (one "
                + "answer, or a JSON array of them), e.g. from a deployed stage")
        Path kpis;

        PlacementCommand(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<Blueprint> blueprints;
            PricingTable prices;
            try {
                blueprints = blueprint == null ? PlacementReport.registered()
                        : List.of(PlacementReport.loadBlueprint(blueprint));
                prices = pricing == null ? PricingTable.defaults()
                        : PricingTable.withOverrides(pricing);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new ParameterException(new CommandLine(this), e.getMessage());
            }
            if (!measured) {
                if (kpis != null || stage.stage != null) {
                    throw new ParameterException(new CommandLine(this), "--kpis and --stage go with --measured");
                }
                return PlacementReport.report(blueprints, prices, context.out(), context.err());
            }
            Map<String, dev.tandem.contracts.api.PipelineKpis> figures = new java.util.LinkedHashMap<>();
            try {
                if (kpis != null && stage.stage != null) {
                    throw new ParameterException(new CommandLine(this), "say where the figures come from: --kpis FILE or --stage S, not both");
                }
                List<dev.tandem.contracts.api.PipelineKpis> all = kpis != null ? readKpis(kpis)
                        : stage.stage != null ? fromCloudWatch(stage.names())
                        : KpiReport.fetch(new KpiReport.LocalApi(Path.of(dev.tandem.contracts.infra.Stages.LOCAL_ENDPOINTS_FILE)), null, null, null);
                all.forEach(k -> figures.put(k.pipeline(), k));
            } catch (OpsException e) {
                context.err().println("error: " + e.getMessage());
                return FAILED;
            }
            return PlacementReport.reportMeasured(blueprints, figures, prices, context.out(), context.err());
        }

        /** Each registered pipeline's figures in the stage over the last 30 days, from CloudWatch. */
        private List<dev.tandem.contracts.api.PipelineKpis> fromCloudWatch(StageNames names) {
            java.time.Instant now = context.clock().instant();
            try (OpsClients aws = context.clients().get()) {
                return StageKpis.fetch(aws.cloudWatch(), names.stage(), dev.tandem.contracts.pipeline.spi.Pipelines.all(),
                        now.minus(java.time.Duration.ofDays(30)), now);
            }
        }

        private List<dev.tandem.contracts.api.PipelineKpis> readKpis(Path file) {
            try {
                com.fasterxml.jackson.databind.JsonNode json = dev.tandem.contracts.json.Json.mapper().readTree(java.nio.file.Files.readString(file));
                List<dev.tandem.contracts.api.PipelineKpis> out = new java.util.ArrayList<>();
                (json.isArray() ? json : dev.tandem.contracts.json.Json.mapper().createArrayNode().add(json))
                        .forEach(k -> out.add(dev.tandem.contracts.json.Json.convert(k, dev.tandem.contracts.api.PipelineKpis.class)));
                return out;
            } catch (java.io.IOException | RuntimeException e) {
                throw new ParameterException(new CommandLine(this), "--kpis " + file + " is not what GET /v1/pipelines/{name}/kpis answers: "
                        + e.getMessage());
            }
        }
    }

    @Command(name = "kpis", description = "Each pipeline's KPIs (time to value, per-step figures against their SLOs, cost per job, reviews, "
            + "models, drift) as a table, and a chart of their trend as SVG: on the local stack (its API) or in a deployed stage (CloudWatch).")
    static final class KpisCommand implements Callable<Integer> {
        private final Context context;
        @Mixin
        Help help;
        @Mixin
        StageOption stage;
        @Option(names = "--local", description = "the local stack (scripts/dev), instead of --stage")
        boolean local;
        @Option(names = "--pipeline", paramLabel = "NAME", description = "one pipeline (default: every deployed one)")
        String pipeline;
        @Option(names = "--from", paramLabel = "INSTANT", description = "jobs from, ISO-8601 (default: 30 days before --to)")
        java.time.Instant from;
        @Option(names = "--to", paramLabel = "INSTANT", description = "jobs up to, ISO-8601 (default: now)")
        java.time.Instant to;
        @Option(names = "--chart-dir", paramLabel = "DIR", defaultValue = ".", description = "where kpis-<pipeline>.svg goes (default: here)")
        Path chartDir;

        KpisCommand(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (local == (stage.stage != null)) {
                throw new ParameterException(new CommandLine(this), "say where: --local (the local stack) or --stage S (a deployed stage, "
                        + "from CloudWatch)");
            }
            try {
                if (local) {
                    KpiReport.LocalApi api = new KpiReport.LocalApi(Path.of(dev.tandem.contracts.infra.Stages.LOCAL_ENDPOINTS_FILE));
                    KpiReport.report(KpiReport.fetch(api, pipeline, from, to), chartDir, context.out());
                    return OK;
                }
                StageNames names = stage.names();
                List<PipelineDefinition> pipelines = selected();
                java.time.Instant until = to != null ? to : context.clock().instant();
                java.time.Instant since = from != null ? from : until.minus(java.time.Duration.ofDays(30));
                if (!since.isBefore(until)) {
                    throw new ParameterException(new CommandLine(this), "--from must be before --to");
                }
                List<dev.tandem.contracts.api.PipelineKpis> kpis;
                try (OpsClients aws = context.clients().get()) {
                    kpis = StageKpis.fetch(aws.cloudWatch(), names.stage(), pipelines, since, until);
                }
                KpiReport.report(kpis, chartDir, context.out());
                context.out().println("From CloudWatch: cost by part, the feature mix and each release's drift are in GET /v1/pipelines/{name}/kpis.");
                return OK;
            } catch (OpsException e) {
                context.err().println("error: " + e.getMessage());
                return FAILED;
            }
        }

        private List<PipelineDefinition> selected() {
            List<PipelineDefinition> all = dev.tandem.contracts.pipeline.spi.Pipelines.all();
            if (pipeline == null) {
                return all;
            }
            return List.of(all.stream().filter(p -> p.name().equals(pipeline)).findFirst().orElseThrow(() -> new ParameterException(
                    new CommandLine(this), "no pipeline " + pipeline + "; registered: " + all.stream().map(PipelineDefinition::name).toList())));
        }
    }
}
