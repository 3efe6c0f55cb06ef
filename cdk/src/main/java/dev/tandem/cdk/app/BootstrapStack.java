package dev.tandem.cdk.app;

import dev.tandem.cdk.agent.AgentService;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.CfnPullThroughCacheRule;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.constructs.Construct;

/**
 * What must exist before the first deploy: the agent's image repository (scripts/deploy pushes the
 * image with Jib, then deploys the stage with its digest) and an ECR pull-through cache of ECR Public,
 * from which the agent's tasks, which have no internet route, pull the ADOT collector.
 */
public final class BootstrapStack extends Stack {

    private final Repository repository;

    public BootstrapStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        this.repository = Repository.Builder.create(this, "AgentRepository")
                .repositoryName(AgentService.REPOSITORY)
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .encryption(RepositoryEncryption.KMS)
                .lifecycleRules(List.of(LifecycleRule.builder().description("keep the last 50 images (rollback range)").maxImageCount(50).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        CfnOutput.Builder.create(this, "AgentRepositoryUri").value(repository.getRepositoryUri())
                .description("scripts/deploy pushes the agent image here").build();
        CfnPullThroughCacheRule.Builder.create(this, "EcrPublicCache")
                .ecrRepositoryPrefix("ecr-public")
                .upstreamRegistryUrl("public.ecr.aws")
                .build();
    }

    public Repository repository() {
        return repository;
    }
}
