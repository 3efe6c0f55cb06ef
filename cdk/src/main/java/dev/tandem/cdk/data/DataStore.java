package dev.tandem.cdk.data;

import dev.tandem.cdk.app.Nag;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.contracts.infra.TableSpec;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.infra.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NoncurrentVersionTransition;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * Tandem's data: the tables declared once in {@link Tables} (the same list the local stack and the
 * tests create), and the documents bucket. Everything is encrypted with one customer-managed key with
 * rotation on; tables have point-in-time recovery; the bucket is private, TLS-only and versioned.
 */
public final class DataStore extends Construct {

    private final Key key;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Bucket documents;
    private final AuditAnchors anchors;
    private final Key cursorKey;

    public DataStore(Construct scope, String id, StageConfig stage) {
        super(scope, id);
        this.key = Key.Builder.create(this, "DataKey")
                .description("Tandem " + stage.name() + ": documents, tables, queues")
                .alias("alias/" + stage.prefix() + "-data")
                .enableKeyRotation(true)
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        // HMAC key of the API's page cursors: GenerateMac and VerifyMac in KMS, the key never leaves it.
        this.cursorKey = Key.Builder.create(this, "CursorKey")
                .description("Tandem " + stage.name() + ": HMAC of the API's page cursors")
                .keySpec(software.amazon.awscdk.services.kms.KeySpec.HMAC_256)
                .keyUsage(software.amazon.awscdk.services.kms.KeyUsage.GENERATE_VERIFY_MAC)
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        for (TableSpec spec : Tables.ALL) {
            Table.Builder table = Table.Builder.create(this, capitalize(spec.logicalName()) + "Table")
                    .tableName(spec.physicalName(stage.prefix()))
                    .partitionKey(attribute(spec.partitionKey()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .encryption(TableEncryption.CUSTOMER_MANAGED)
                    .encryptionKey(key)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                    .deletionProtection(stage.production())
                    .removalPolicy(stage.dataRemovalPolicy());
            if (spec.sortKey() != null) {
                table.sortKey(attribute(spec.sortKey()));
            }
            if (spec.ttlAttribute() != null) {
                table.timeToLiveAttribute(spec.ttlAttribute());
            }
            Table t = table.build();
            for (TableSpec.Index index : spec.indexes()) {
                GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder().indexName(index.name())
                        .partitionKey(attribute(index.partitionKey()));
                if (index.projected() == null) {
                    gsi.projectionType(ProjectionType.ALL);
                } else {
                    gsi.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(index.projected());
                }
                if (index.sortKey() != null) {
                    gsi.sortKey(attribute(index.sortKey()));
                }
                t.addGlobalSecondaryIndex(gsi.build());
            }
            tables.put(spec.logicalName(), t);
        }
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                // Server access log delivery supports SSE-S3 only.
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(stage.production() ? 400 : 30)).build()))
                .removalPolicy(stage.dataRemovalPolicy())
                .autoDeleteObjects(!stage.production())
                .build();
        Nag.suppress(accessLogs, "AwsSolutions-S1", "This is the server access log bucket; logging its own access would loop.");
        this.anchors = new AuditAnchors(this, "AuditDigests", stage, accessLogs);
        this.documents = Bucket.Builder.create(this, "Documents")
                .bucketName(Stages.documentsBucket(stage.name(), Stack.of(this).getAccount(), Stack.of(this).getRegion()))
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("documents/")
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("abort-incomplete-uploads").abortIncompleteMultipartUploadAfter(Duration.days(7)).build(),
                        LifecycleRule.builder().id("old-versions").noncurrentVersionTransitions(List.of(NoncurrentVersionTransition.builder()
                                        .storageClass(StorageClass.INFREQUENT_ACCESS).transitionAfter(Duration.days(30)).build()))
                                .noncurrentVersionExpiration(Duration.days(90)).build(),
                        LifecycleRule.builder().id("settled-jobs").prefix("jobs/").transitions(List.of(Transition.builder()
                                .storageClass(StorageClass.INTELLIGENT_TIERING).transitionAfter(Duration.days(30)).build())).build()))
                .removalPolicy(stage.dataRemovalPolicy())
                .autoDeleteObjects(!stage.production())
                .build();
    }

    public Key key() {
        return key;
    }

    /** The HMAC key of the API's page cursors. */
    public Key cursorKey() {
        return cursorKey;
    }

    public Table table(String logicalName) {
        Table t = tables.get(logicalName);
        if (t == null) {
            throw new IllegalArgumentException("no table " + logicalName + "; tables: " + tables.keySet());
        }
        return t;
    }

    public Map<String, Table> tables() {
        return tables;
    }

    public Bucket documents() {
        return documents;
    }

    /** The audit trail's anchors outside the audit table: the digest bucket, its signing key, the ended-jobs queue. */
    public AuditAnchors anchors() {
        return anchors;
    }

    /** Actions that would rewrite or remove audit events: no application role may use them on the audit table. */
    public static final List<String> AUDIT_REWRITE_ACTIONS = List.of("dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem",
            "dynamodb:PartiQLDelete", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLInsert");

    /**
     * What appending to audit chains takes, and nothing more: read the chain, put an event on the condition that its
     * sequence is free, and advance the job record's anchored head in the same transaction.
     */
    public void grantAuditAppend(IGrantable role) {
        table("audit").grant(role, "dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem",
                "dynamodb:DescribeTable");
        grantJobRecordUpdate(role);
    }

    /** Read and update job records: the table itself, not its indexes ({@code Table.grant} would add index/*). */
    public void grantJobRecordUpdate(IGrantable role) {
        role.getGrantPrincipal().addToPrincipalPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem", "dynamodb:UpdateItem")).resources(List.of(table("jobs").getTableArn())).build());
        key.grantEncryptDecrypt(role);
    }

    /**
     * An explicit deny of {@link #AUDIT_REWRITE_ACTIONS} on the audit table, for every application role: whatever else
     * a role is granted later, it cannot rewrite or delete an event (an explicit deny wins over any allow).
     */
    public void denyAuditRewrite(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("DenyAuditRewrite").effect(Effect.DENY)
                .actions(AUDIT_REWRITE_ACTIONS).resources(List.of(table("audit").getTableArn())).build());
    }

    /** TANDEM_TABLE_* variables for every table, the way the functions and the agent read them. */
    public Map<String, String> tableEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (TableSpec spec : Tables.ALL) {
            env.put(spec.environmentVariable(), tables.get(spec.logicalName()).getTableName());
        }
        return env;
    }

    private static Attribute attribute(TableSpec.Key key) {
        return Attribute.builder().name(key.name()).type(key.type().equals("N") ? AttributeType.NUMBER : AttributeType.STRING).build();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
