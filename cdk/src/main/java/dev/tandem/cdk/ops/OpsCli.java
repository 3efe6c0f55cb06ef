package dev.tandem.cdk.ops;

import dev.tandem.contracts.infra.NamedValues;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The operations CLI behind {@code scripts/status}, {@code scripts/kill-switch}, {@code scripts/rollback}
 * and the release-manifest step of {@code scripts/deploy}. Exit codes: 0 done, 1 refused or failed
 * (the message says what to do), 2 usage.
 */
public final class OpsCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final String HELP = """
            usage:
              status          --stage S
              kill-switch     --stage S [--pipeline P] on|off
              record-release  --stage S --state-machine-alias-arns pipeline=ARN,... --image-digest sha256:... --policy-bundle ID --model REF [--prompt-version V]
              rollback        --stage S [--to MANIFEST_VERSION] [--only functions,state-machine,agent] [--dry-run]
              verify-audit    (--stage S | --local) (--job JOB_ID | --digests)
            """;

    private OpsCli() {
    }

    /** {@code verify-audit}: a job's trail ({@code --job}) or the digests' chain ({@code --digests}), in a stage or locally. */
    private static int verifyAudit(OpsClients aws, String stage, Map<String, String> options, PrintStream out, PrintStream err) {
        String job = options.get("job");
        boolean digests = options.containsKey("digests");
        if ((job == null) == !digests) {
            err.println("error: say what to verify: --job JOB_ID or --digests");
            return USAGE;
        }
        VerifyAudit.Target target = options.containsKey("local")
                ? VerifyAudit.local(java.nio.file.Path.of(dev.tandem.contracts.infra.Stages.LOCAL_ENDPOINTS_FILE)) : VerifyAudit.aws(aws, stage);
        return digests ? VerifyAudit.digests(target, out) : VerifyAudit.job(target, job, out);
    }

    public static void main(String[] args) {
        String endpoint = System.getenv("TANDEM_OPS_ENDPOINT");
        System.exit(run(args, System.out, System.err, () -> OpsClients.create(endpoint == null ? null : URI.create(endpoint)), Clock.systemUTC()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Supplier<OpsClients> clients, Clock clock) {
        if (args.length == 0) {
            err.print(HELP);
            return USAGE;
        }
        String command = args[0];
        Map<String, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--dry-run") || args[i].equals("--local") || args[i].equals("--digests")) {
                options.put(args[i].substring(2), "true");
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(HELP);
                return OK;
            } else if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    err.println("error: " + args[i] + " needs a value");
                    return USAGE;
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (command.equals("verify-audit") && options.containsKey("local")) {
            options.putIfAbsent("stage", "local");
        }
        String stage = options.get("stage");
        if (stage == null || !stage.matches("[a-z][a-z0-9]{1,15}")) {
            err.println("error: --stage is required (e.g. --stage dev)");
            return USAGE;
        }
        StageNames names = new StageNames(stage);
        if (command.equals("kill-switch") && (positional.size() != 1 || !List.of("on", "off").contains(positional.getFirst()))) {
            err.println("error: say on or off, e.g. scripts/kill-switch --stage " + stage + " on");
            return USAGE;
        }
        if (command.equals("verify-audit") && options.containsKey("local")) {
            // The local stack's stores, from the file it writes: no AWS client, credentials or region.
            try {
                return verifyAudit(null, stage, options, out, err);
            } catch (OpsException | IllegalStateException e) {
                err.println("error: " + e.getMessage());
                return FAILED;
            }
        }
        try (OpsClients aws = clients.get()) {
            return switch (command) {
                case "status" -> {
                    Status.print(aws, names, out);
                    yield OK;
                }
                case "kill-switch" -> killSwitch(aws, names, options.getOrDefault("pipeline", names.pipelines().getFirst()), positional, out, err);
                case "record-release" -> recordRelease(aws, names, options, out, err, clock);
                case "rollback" -> rollback(aws, names, options, out, err, clock);
                case "verify-audit" -> verifyAudit(aws, stage, options, out, err);
                default -> {
                    err.print("error: unknown command " + command + "\n" + HELP);
                    yield USAGE;
                }
            };
        } catch (OpsException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (SdkClientException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            // What is missing, in words; the SDK's own text (provider chains, object ids) helps nobody here.
            if (message.contains("Unable to load region")) {
                err.println("error: no AWS region: set AWS_REGION (or a region in your AWS profile), then try again.");
            } else if (message.contains("credentials")) {
                err.println("error: no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), "
                        + "or run `aws sso login`, then try again.");
            } else {
                err.println("error: could not reach AWS (" + e.getClass().getSimpleName() + "): check your network and AWS_REGION, then try again.");
            }
            return FAILED;
        } catch (AwsServiceException e) {
            err.println("error: AWS refused the request: " + e.awsErrorDetails().serviceName() + " " + e.awsErrorDetails().errorCode()
                    + ": " + e.awsErrorDetails().errorMessage());
            return FAILED;
        }
    }

    private static int killSwitch(OpsClients aws, StageNames names, String pipeline, List<String> positional, PrintStream out, PrintStream err) {
        if (positional.size() != 1 || !(positional.getFirst().equals("on") || positional.getFirst().equals("off"))) {
            err.println("error: say on or off, e.g. scripts/kill-switch --stage " + names.stage() + " on");
            return USAGE;
        }
        if (!names.pipelines().contains(pipeline)) {
            err.println("error: unknown pipeline " + pipeline + "; pipelines: " + names.pipelines());
            return USAGE;
        }
        String value = positional.getFirst();
        aws.ssm().putParameter(b -> b.name(names.killSwitchParameter(pipeline)).type(ParameterType.STRING).overwrite(true).value(value));
        out.printf("kill switch of %s in %s is %s; every function and agent task sees it within 10 s.%n", pipeline, names.stage(), value);
        if (value.equals("on")) {
            out.println("New jobs get 503 with Retry-After; governed steps fail with Tandem.KillSwitch and their jobs end HALTED.");
        }
        return OK;
    }

    private static int recordRelease(OpsClients aws, StageNames names, Map<String, String> o, PrintStream out, PrintStream err, Clock clock) {
        for (String required : List.of("state-machine-alias-arns", "image-digest", "policy-bundle", "model")) {
            if (o.get(required) == null) {
                err.println("error: record-release needs --" + required);
                return USAGE;
            }
        }
        Releases releases = new Releases(aws, names, clock);
        Map<String, String> aliases;
        try {
            aliases = NamedValues.parse(o.get("state-machine-alias-arns"));
        } catch (IllegalArgumentException e) {
            err.println("error: --state-machine-alias-arns takes pipeline=ARN,... for the pipelines " + names.pipelines() + "; " + e.getMessage());
            return USAGE;
        }
        for (String pipeline : aliases.keySet()) {
            if (!names.pipelines().contains(pipeline)) {
                err.println("error: --state-machine-alias-arns takes pipeline=ARN,... for the pipelines " + names.pipelines()
                        + "; got the pipeline '" + pipeline + "'");
                return USAGE;
            }
        }
        ReleaseManifest manifest = releases.capture(aliases.values(), o.get("image-digest"), o.get("policy-bundle"),
                o.get("model"), o.get("prompt-version"));
        long version = releases.record(manifest);
        out.printf("recorded release manifest version %d of %s: %d functions, state machines %s, task definition %s, policy bundles %s%n",
                version, names.stage(), manifest.functions().size(), manifest.stateMachines().values(), manifest.taskDefinition(),
                manifest.policyBundle());
        return OK;
    }

    private static int rollback(OpsClients aws, StageNames names, Map<String, String> o, PrintStream out, PrintStream err, Clock clock) {
        Long to = null;
        if (o.get("to") != null) {
            try {
                to = Long.parseLong(o.get("to"));
            } catch (NumberFormatException e) {
                err.println("error: --to takes a release manifest version number (scripts/status shows the current one)");
                return USAGE;
            }
        }
        Rollback rollback = new Rollback(aws, names, clock);
        Rollback.Plan plan = rollback.plan(to, Rollback.parts(o.get("only")));
        Rollback.printPlan(plan, out);
        if (o.containsKey("dry-run")) {
            out.println("dry run: nothing changed");
            return OK;
        }
        Rollback.Result result = rollback.execute(plan);
        Rollback.printResult(plan, result, out, err);
        return result.complete() ? OK : FAILED;
    }

}
