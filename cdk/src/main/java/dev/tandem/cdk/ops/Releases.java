package dev.tandem.cdk.ops;

import dev.tandem.contracts.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Release manifests: what is live now (read from Lambda, Step Functions and ECS), and the recorded
 * history (the versions of one SSM parameter per stage).
 */
public final class Releases {

    /** The manifest's name, per pipeline, of the SageMaker endpoint a pipeline's hosted model runs on. */
    public static final String MODEL_ENDPOINT = "modelEndpoint";

    /** A recorded manifest and its SSM parameter version. */
    public record Recorded(long version, ReleaseManifest manifest) {
    }

    private final OpsClients aws;
    private final StageNames names;
    private final Clock clock;

    public Releases(OpsClients aws, StageNames names, Clock clock) {
        this.aws = aws;
        this.names = names;
        this.clock = clock;
    }

    /**
     * Reads what is live now. A pipeline that scores with a hosted model ({@code modelEndpoints}, by pipeline) has its
     * endpoint recorded beside what its functions ship ({@code <pipeline>/modelEndpoint}): the model version it serves
     * is the endpoint's, rolled back on SageMaker, and each decision records the version that scored it.
     */
    public ReleaseManifest capture(java.util.Collection<String> stateMachineAliasArns, String agentImageDigest, String policyBundle,
                                   String model, String promptVersion, Map<String, String> modelEndpoints) {
        Map<String, String> functions = new LinkedHashMap<>();
        for (String name : names.functions()) {
            functions.put(name, liveVersion(aws.lambda(), names.function(name)));
        }
        Map<String, String> stateMachines = new LinkedHashMap<>();
        for (String alias : stateMachineAliasArns) {
            stateMachines.put(alias, liveStateMachineVersion(aws.sfn(), alias));
        }
        Service service = Status.service(aws.ecs(), names);
        Map<String, String> pipelineVersions = new LinkedHashMap<>();
        for (var pipeline : dev.tandem.contracts.pipeline.spi.Pipelines.all()) {
            pipeline.releaseVersions().forEach((name, version) -> pipelineVersions.put(pipeline.name() + "/" + name, version));
        }
        modelEndpoints.forEach((pipeline, endpoint) -> pipelineVersions.put(pipeline + "/" + MODEL_ENDPOINT, "sagemaker:" + endpoint));
        return new ReleaseManifest(names.stage(), clock.instant(), functions, stateMachines, service.taskDefinition(),
                agentImageDigest, policyBundle, model, promptVersion, "deploy", pipelineVersions);
    }

    public long record(ReleaseManifest manifest) {
        return aws.ssm().putParameter(b -> b.name(names.manifestParameter()).type(ParameterType.STRING).overwrite(true)
                .description("Tandem " + names.stage() + " release manifest (history = parameter versions)")
                .value(Json.write(manifest))).version();
    }

    /** Every recorded manifest, oldest first. */
    public List<Recorded> history() {
        List<Recorded> out = new ArrayList<>();
        try {
            for (var page : aws.ssm().getParameterHistoryPaginator(b -> b.name(names.manifestParameter()))) {
                for (ParameterHistory h : page.parameters()) {
                    out.add(new Recorded(h.version(), Json.read(h.value(), ReleaseManifest.class)));
                }
            }
        } catch (ParameterNotFoundException e) {
            throw new OpsException("stage " + names.stage() + " has no release manifest (" + names.manifestParameter()
                    + "): it is not deployed, or was deployed without scripts/deploy. Deploy it with scripts/deploy --stage " + names.stage());
        }
        out.sort(Comparator.comparingLong(Recorded::version));
        return out;
    }

    static String liveVersion(LambdaClient lambda, String function) {
        try {
            var alias = lambda.getAlias(b -> b.functionName(function).name("live"));
            if (alias.routingConfig() != null && alias.routingConfig().hasAdditionalVersionWeights()
                    && !alias.routingConfig().additionalVersionWeights().isEmpty()) {
                throw new OpsException("function " + function + " is in a canary deployment (its live alias routes to "
                        + alias.functionVersion() + " and " + alias.routingConfig().additionalVersionWeights().keySet()
                        + "); wait for CodeDeploy to finish or stop it, then retry");
            }
            return alias.functionVersion();
        } catch (ResourceNotFoundException e) {
            throw new OpsException("function " + function + " or its live alias does not exist: is the stage deployed?");
        }
    }

    static String liveStateMachineVersion(SfnClient sfn, String aliasArn) {
        var routes = sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(aliasArn)).routingConfiguration();
        if (routes.size() != 1) {
            throw new OpsException("the state machine alias " + aliasArn + " routes to " + routes.stream()
                    .map(RoutingConfigurationListItem::stateMachineVersionArn).toList()
                    + ": a canary deployment is in progress; wait for it to finish, then retry");
        }
        return routes.getFirst().stateMachineVersionArn();
    }
}
