package dev.tandem.cdk.ops;

import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** {@code scripts/status}: what runs in a stage right now. */
public final class Status {

    private Status() {
    }

    static Service service(EcsClient ecs, StageNames names) {
        var services = ecs.describeServices(b -> b.cluster(names.cluster()).services(names.service())).services();
        if (services.isEmpty() || "INACTIVE".equals(services.getFirst().status())) {
            throw new OpsException("the agent service " + names.service() + " does not exist in cluster " + names.cluster()
                    + ": is stage " + names.stage() + " deployed?");
        }
        return services.getFirst();
    }

    public static void print(OpsClients aws, StageNames names, PrintStream out) {
        out.println("Tandem " + names.stage());
        List<Releases.Recorded> history;
        try {
            history = new Releases(aws, names, java.time.Clock.systemUTC()).history();
        } catch (OpsException e) {
            history = List.of();
        }
        if (history.isEmpty()) {
            out.println("release: none recorded (" + names.manifestParameter() + ")");
        } else {
            var last = history.getLast();
            out.printf("release: manifest version %d, recorded %s (%s); policy bundle %s; model %s%n", last.version(),
                    last.manifest().recordedAt(), last.manifest().note(), last.manifest().policyBundle(), last.manifest().model());
        }
        out.println("functions (live alias -> version):");
        for (String name : names.functions()) {
            String version;
            try {
                version = Releases.liveVersion(aws.lambda(), names.function(name));
            } catch (OpsException e) {
                version = e.getMessage();
            }
            out.printf("  %-34s %s%n", name, version);
        }
        if (!history.isEmpty()) {
            for (String alias : history.getLast().manifest().stateMachines().keySet()) {
                var routes = aws.sfn().describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)).routingConfiguration();
                out.println("state machine alias " + alias + ":");
                routes.forEach(r -> out.printf("  %3d%% -> %s%n", r.weight(), r.stateMachineVersionArn()));
            }
        }
        Service service = service(aws.ecs(), names);
        out.printf("agent service %s: %d running / %d desired, task definition %s%n", service.serviceName(), service.runningCount(),
                service.desiredCount(), service.taskDefinition());
        for (Deployment d : service.deployments()) {
            out.printf("  deployment %s: %s, rollout %s, %d running%n", d.status(), d.taskDefinition(), d.rolloutStateAsString(), d.runningCount());
        }
        out.println("kill switches:");
        for (String pipeline : names.pipelines()) {
            String value;
            try {
                value = aws.ssm().getParameter(b -> b.name(names.killSwitchParameter(pipeline))).parameter().value();
            } catch (ParameterNotFoundException e) {
                value = "off (no parameter)";
            }
            out.printf("  %-22s %s%n", pipeline, value);
        }
    }
}
