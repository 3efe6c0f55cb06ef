package dev.tandem.cdk.data;

import dev.tandem.cdk.app.Nag;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.JobEventNames;
import dev.tandem.contracts.infra.Stages;
import software.amazon.awscdk.Stack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * What anchors the audit trail outside the audit table: a bucket of signed digests that no one can rewrite or delete
 * within their retention (versioned, Object Lock in compliance mode, default retention per stage), the asymmetric KMS
 * key that signs them (its key policy lets only the digest writer's role call Sign), and the queue the job-ended
 * events reach for the writer to drain.
 */
public final class AuditAnchors extends Construct {

    /** Key administration for the account, without Sign or Verify: no IAM policy can hand out the signing right. */
    private static final List<String> KEY_ADMIN_ACTIONS = List.of("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*",
            "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource",
            "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion");

    private final Bucket digests;
    private final Key signingKey;
    private final Queue ended;
    private final Queue deadLetters;

    AuditAnchors(Construct scope, String id, StageConfig stage, IBucket accessLogs) {
        super(scope, id);
        this.digests = Bucket.Builder.create(this, "Digests")
                .bucketName(Stages.auditDigestBucket(stage.name(), Stack.of(this).getAccount(), Stack.of(this).getRegion()))
                // Digests hold job ids and hashes only; SSE-S3 keeps them readable for verification without a data-key grant.
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .objectLockEnabled(true)
                .objectLockDefaultRetention(ObjectLockRetention.compliance(Duration.days(stage.auditDigestRetentionDays())))
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("audit-digests/")
                // Locked objects outlive the stack: a deleted stack leaves the bucket to its retention.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.signingKey = Key.Builder.create(this, "DigestSigningKey")
                .description("Tandem " + stage.name() + ": signs audit digests; only the digest writer may Sign")
                .alias("alias/" + stage.prefix() + "-audit-digests")
                .keySpec(KeySpec.RSA_3072)
                .keyUsage(KeyUsage.SIGN_VERIFY)
                .policy(PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
                        .sid("KeyAdministrationWithoutSigning").effect(Effect.ALLOW).principals(List.of(new AccountRootPrincipal()))
                        .actions(KEY_ADMIN_ACTIONS).resources(List.of("*")).build())).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(signingKey, "AwsSolutions-KMS5", "An asymmetric signing key cannot rotate automatically; a new key is a new digest chain.");
        this.deadLetters = Queue.Builder.create(this, "EndedJobsDeadLetters").queueName(Stages.auditDigestDeadLetterQueue(stage.name()))
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        Nag.suppress(deadLetters, "AwsSolutions-SQS3", "This is the dead-letter queue of the ended-jobs queue and of the digest rules' targets.");
        Nag.suppress(deadLetters, "Serverless-SQSRedrivePolicy", "This is a dead-letter queue: messages end here.");
        this.ended = Queue.Builder.create(this, "EndedJobs").queueName(Stages.auditDigestQueue(stage.name()))
                // Job ids and statuses only; SQS-managed encryption lets EventBridge deliver without a key grant.
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.minutes(3))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(10).build())
                .build();
        Rule.Builder.create(this, "JobEnded")
                .description("Every ended job's event reaches the audit digest writer's queue")
                .eventPattern(EventPattern.builder().source(List.of(JobEventNames.SOURCE)).detailType(List.of(JobEventNames.JOB_ENDED)).build())
                .targets(List.of(SqsQueue.Builder.create(ended).deadLetterQueue(deadLetters).retryAttempts(10).build()))
                .build();
    }

    public Bucket digests() {
        return digests;
    }

    public Key signingKey() {
        return signingKey;
    }

    public Queue ended() {
        return ended;
    }

    /** Where events that could not be delivered to the writer (or its queue) end. */
    public Queue deadLetters() {
        return deadLetters;
    }

    /** The variables that tell a function where digests are and which key signs them. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ConfigKey.AUDIT_DIGEST_BUCKET.environmentVariable(), digests.getBucketName());
        env.put(ConfigKey.AUDIT_DIGEST_KEY.environmentVariable(), signingKey.getKeyArn());
        env.put(ConfigKey.AUDIT_DIGEST_QUEUE_URL.environmentVariable(), ended.getQueueUrl());
        return env;
    }

    /** Verifying: read digests, and the signing key's public key. */
    public void grantRead(IRole role) {
        digests.grantRead(role, "audit-digests/*");
        Nag.suppressWildcard(role, "Digests are objects under audit-digests/, named by their sequence; only known at run time.",
                "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Resource::<DataAuditDigests*.Arn>/audit-digests/*");
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("kms:GetPublicKey", "kms:DescribeKey")).resources(List.of(signingKey.getKeyArn())).build());
    }

    /** Writing: everything verifying takes, put digests, drain the queue, and Sign, which the key policy grants this role alone. */
    public void grantWrite(IRole role) {
        grantRead(role);
        digests.grantPut(role, "audit-digests/*");
        Nag.suppressWildcard(role, "CDK's put grant includes aborting its own multipart uploads of digests.", "Action::s3:Abort*");
        ended.grantConsumeMessages(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("kms:Sign")).resources(List.of(signingKey.getKeyArn())).build());
        signingKey.addToResourcePolicy(PolicyStatement.Builder.create().sid("OnlyTheDigestWriterSigns").effect(Effect.ALLOW)
                .principals(List.of(role)).actions(List.of("kms:Sign")).resources(List.of("*")).build());
    }
}
