package dev.tandem.cdk.ops;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;

/**
 * Rolls a stage back to a recorded release, or one part of it: the functions' {@code live} aliases,
 * the state machine's {@code live} alias, the agent service's task definition.
 *
 * <p>Every check runs before the first change (a canary or ECS deployment in progress, a version that
 * no longer exists), so a refused rollback changes nothing. Changes are applied one by one; if one
 * fails, the result names what moved, what failed and what did not, and how to finish or undo.
 */
public final class Rollback {

    public enum Part { FUNCTIONS, STATE_MACHINE, AGENT }

    /** One change: {@code resource} moves {@code from} -> {@code to}. */
    public record Change(Part part, String resource, String from, String to) {
        @Override
        public String toString() {
            return String.format("%-13s %-40s %s -> %s", part, resource, from, to);
        }
    }

    public record Plan(long fromVersion, long toVersion, ReleaseManifest target, List<Change> changes) {
    }

    public record Result(List<Change> applied, Change failed, String error, List<Change> notApplied, long recordedVersion) {
        public boolean complete() {
            return failed == null;
        }
    }

    private final OpsClients aws;
    private final StageNames names;
    private final Releases releases;
    private final Clock clock;

    public Rollback(OpsClients aws, StageNames names, Clock clock) {
        this.aws = aws;
        this.names = names;
        this.releases = new Releases(aws, names, clock);
        this.clock = clock;
    }

    /** @param toVersion the manifest version to return to; null for the one before the current */
    public Plan plan(Long toVersion, Set<Part> parts) {
        List<Releases.Recorded> history = releases.history();
        Releases.Recorded current = history.getLast();
        Releases.Recorded target;
        if (toVersion == null) {
            if (history.size() < 2) {
                throw new OpsException("stage " + names.stage() + " has only one recorded release (manifest version " + current.version()
                        + "): there is no previous version to roll back to");
            }
            target = history.get(history.size() - 2);
        } else {
            target = history.stream().filter(r -> r.version() == toVersion).findFirst().orElseThrow(() -> new OpsException(
                    "no release manifest version " + toVersion + " for stage " + names.stage() + "; recorded versions: "
                            + history.stream().map(Releases.Recorded::version).toList()));
        }
        List<Change> changes = new ArrayList<>();
        ReleaseManifest t = target.manifest();
        if (parts.contains(Part.FUNCTIONS)) {
            for (Map.Entry<String, String> f : t.functions().entrySet()) {
                String function = names.function(f.getKey());
                String live = Releases.liveVersion(aws.lambda(), function);
                if (!live.equals(f.getValue())) {
                    try {
                        aws.lambda().getFunctionConfiguration(b -> b.functionName(function).qualifier(f.getValue()));
                    } catch (ResourceNotFoundException e) {
                        throw new OpsException("version " + f.getValue() + " of " + function + " no longer exists; roll back to a newer release");
                    }
                    changes.add(new Change(Part.FUNCTIONS, function, live, f.getValue()));
                }
            }
        }
        if (parts.contains(Part.STATE_MACHINE)) {
            for (Map.Entry<String, String> sm : t.stateMachines().entrySet()) {
                String live = Releases.liveStateMachineVersion(aws.sfn(), sm.getKey());
                if (!live.equals(sm.getValue())) {
                    changes.add(new Change(Part.STATE_MACHINE, sm.getKey(), live, sm.getValue()));
                }
            }
        }
        if (parts.contains(Part.AGENT)) {
            Service service = Status.service(aws.ecs(), names);
            boolean deploying = service.deployments().size() > 1 || service.deployments().stream()
                    .anyMatch(d -> "IN_PROGRESS".equals(d.rolloutStateAsString()));
            if (deploying) {
                throw new OpsException("the agent service " + names.service() + " has a deployment in progress; wait until it completes "
                        + "(scripts/status shows it) or let its circuit breaker roll it back, then retry");
            }
            if (!service.taskDefinition().equals(t.taskDefinition())) {
                changes.add(new Change(Part.AGENT, names.service(), service.taskDefinition(), t.taskDefinition()));
            }
        }
        return new Plan(current.version(), target.version(), t, changes);
    }

    public Result execute(Plan plan) {
        List<Change> applied = new ArrayList<>();
        for (int i = 0; i < plan.changes().size(); i++) {
            Change c = plan.changes().get(i);
            try {
                apply(c);
                applied.add(c);
            } catch (RuntimeException e) {
                return new Result(applied, c, e.getMessage(), plan.changes().subList(i + 1, plan.changes().size()), -1);
            }
        }
        long recorded = plan.changes().isEmpty() ? -1
                : releases.record(plan.target().withNote("rollback to manifest version " + plan.toVersion(), clock.instant()));
        return new Result(applied, null, null, List.of(), recorded);
    }

    private void apply(Change c) {
        switch (c.part()) {
            case FUNCTIONS -> aws.lambda().updateAlias(b -> b.functionName(c.resource()).name("live").functionVersion(c.to())
                    .routingConfig(r -> r.additionalVersionWeights(Map.of())));
            case STATE_MACHINE -> aws.sfn().updateStateMachineAlias(b -> b.stateMachineAliasArn(c.resource())
                    .routingConfiguration(RoutingConfigurationListItem.builder().stateMachineVersionArn(c.to()).weight(100).build()));
            case AGENT -> aws.ecs().updateService(b -> b.cluster(names.cluster()).service(c.resource()).taskDefinition(c.to()));
            default -> throw new IllegalStateException("unknown part " + c.part());
        }
    }

    public static void printPlan(Plan plan, PrintStream out) {
        out.printf("Rollback from release manifest version %d to version %d (%s, recorded %s):%n", plan.fromVersion(), plan.toVersion(),
                plan.target().note(), plan.target().recordedAt());
        if (plan.changes().isEmpty()) {
            out.println("  nothing to change: the selected parts already run that release");
        }
        plan.changes().forEach(c -> out.println("  " + c));
    }

    /** What to tell the operator after {@link #execute}. */
    public static void printResult(Plan plan, Result result, PrintStream out, PrintStream err) {
        if (result.complete()) {
            out.printf("Rolled back %d change(s); recorded as release manifest version %d.%n", result.applied().size(), result.recordedVersion());
            return;
        }
        err.println("error: the rollback stopped at " + result.failed() + ": " + result.error());
        err.println("moved (now on the target release):");
        result.applied().forEach(c -> err.println("  " + c));
        if (result.applied().isEmpty()) {
            err.println("  nothing");
        }
        err.println("not moved:");
        err.println("  " + result.failed());
        result.notApplied().forEach(c -> err.println("  " + c));
        err.printf("To finish, fix the cause and run the same rollback again (scripts/rollback --to %d): moved parts are skipped.%n",
                plan.toVersion());
        err.printf("To undo, roll back to where you were: scripts/rollback --to %d.%n", plan.fromVersion());
    }

    public static Set<Part> parts(String only) {
        if (only == null || only.isBlank()) {
            return EnumSet.allOf(Part.class);
        }
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String p : only.split(",")) {
            switch (p.trim()) {
                case "functions" -> parts.add(Part.FUNCTIONS);
                case "state-machine" -> parts.add(Part.STATE_MACHINE);
                case "agent" -> parts.add(Part.AGENT);
                default -> throw new IllegalArgumentException("--only takes functions, state-machine and agent, comma-separated; got '" + p + "'");
            }
        }
        return parts;
    }
}
