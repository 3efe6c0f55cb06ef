package dev.tandem.cdk.ops;

import dev.tandem.contracts.infra.Stages;

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

    /**
     * @param target   the release returned to
     * @param after    what the stage runs once the plan is applied (the target's selected parts, the current release's
     *                 others): recorded as the new release
     * @param pipeline the one pipeline rolled back, or null for the whole stage
     */
    public record Plan(long fromVersion, long toVersion, ReleaseManifest target, ReleaseManifest after, String pipeline, List<Change> changes) {
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
        return plan(toVersion, parts, null);
    }

    /**
     * @param toVersion the manifest version to return to; null for the one before the current
     * @param pipeline  only this pipeline's functions and state machine (what ships with them, such as its model, with
     *                  them); null for the whole stage. The agent serves every pipeline: one pipeline's bundle is pinned
     *                  with the stage's {@code policyVersions} instead
     */
    public Plan plan(Long toVersion, Set<Part> parts, String pipeline) {
        if (pipeline != null && !names.pipelines().contains(pipeline)) {
            throw new OpsException("stage " + names.stage() + " deploys no pipeline " + pipeline + "; it deploys " + names.pipelines());
        }
        if (pipeline != null && parts.contains(Part.AGENT)) {
            throw new OpsException("the agent serves every pipeline, so --pipeline rolls back functions and state-machine only; pin "
                    + pipeline + "'s bundle with scripts/deploy -c policyVersions=" + pipeline + "/<step>=<version>");
        }
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
        ReleaseManifest c = current.manifest();
        Map<String, String> functionsAfter = new java.util.TreeMap<>(c.functions());
        Map<String, String> machinesAfter = new java.util.TreeMap<>(c.stateMachines());
        Map<String, String> versionsAfter = new java.util.TreeMap<>(c.pipelineVersions());
        if (parts.contains(Part.FUNCTIONS)) {
            for (Map.Entry<String, String> f : t.functions().entrySet()) {
                if (!ofPipeline(f.getKey(), pipeline)) {
                    continue;
                }
                functionsAfter.put(f.getKey(), f.getValue());
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
            // What ships with the functions comes back with them.
            versionsAfter.keySet().removeIf(k -> ofPipeline(k, pipeline));
            t.pipelineVersions().forEach((k, v) -> {
                if (ofPipeline(k, pipeline)) {
                    versionsAfter.put(k, v);
                }
            });
        }
        if (parts.contains(Part.STATE_MACHINE)) {
            for (Map.Entry<String, String> sm : t.stateMachines().entrySet()) {
                if (pipeline != null && !sm.getKey().contains(":stateMachine:" + Stages.stateMachineName(names.stage(), pipeline) + ":")) {
                    continue;
                }
                machinesAfter.put(sm.getKey(), sm.getValue());
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
        boolean agent = parts.contains(Part.AGENT);
        ReleaseManifest after = new ReleaseManifest(c.stage(), c.recordedAt(), functionsAfter, machinesAfter,
                agent ? t.taskDefinition() : c.taskDefinition(), agent ? t.agentImageDigest() : c.agentImageDigest(),
                agent ? t.policyBundle() : c.policyBundle(), pipeline == null && parts.contains(Part.FUNCTIONS) ? t.model() : c.model(),
                pipeline == null && parts.contains(Part.FUNCTIONS) ? t.promptVersion() : c.promptVersion(), c.note(), versionsAfter);
        return new Plan(current.version(), target.version(), t, after, pipeline, changes);
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
                : releases.record(plan.after().withNote("rollback" + (plan.pipeline() == null ? "" : " of " + plan.pipeline())
                        + " to manifest version " + plan.toVersion(), clock.instant()));
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
        // What ships with the functions and comes back with them (a pipeline's model, say).
        plan.target().pipelineVersions().forEach((name, version) -> {
            String now = plan.after().pipelineVersions().get(name);
            if (ofPipeline(name, plan.pipeline()) && version.equals(now) && plan.changes().stream().anyMatch(c -> c.part() == Part.FUNCTIONS)) {
                out.printf("  %-13s %-40s %s%n", "with them", name, version);
            }
        });
    }

    /** Whether a manifest key ({@code <pipeline>/<name>}) belongs to the pipeline rolled back; every key when the whole stage is. */
    private static boolean ofPipeline(String key, String pipeline) {
        return pipeline == null || key.startsWith(pipeline + "/");
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
