package dev.tandem.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.cdk.pipeline.PipelineDeployment;
import dev.tandem.contracts.api.ApiRoutes;
import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.infra.PublishedMetrics;
import dev.tandem.cdk.functions.FunctionCatalog;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.cdk.data.DataStore;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Each production property of the synthesized stage, asserted on the template (no snapshots). */
class TandemStackTest {

    private static TandemApp.Stacks stacks;
    private static Template template;
    private static JsonNode resources;

    @BeforeAll
    static void synth() {
        stacks = Synth.prod();
        template = Synth.stage(stacks);
        resources = Json.tree(template.toJSON()).path("Resources");
    }

    /** The API's functions plus every registered pipeline's function steps. */
    private static int expectedFunctions() {
        return TandemFunction.values().length + Pipelines.all().stream().mapToInt(p -> FunctionCatalog.pipeline(p).size()).sum();
    }

    private static List<JsonNode> ofType(String type) {
        return ofType(resources, type);
    }

    private static List<JsonNode> ofType(JsonNode resources, String type) {
        List<JsonNode> out = new ArrayList<>();
        resources.forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                out.add(r.path("Properties"));
            }
        });
        return out;
    }

    // ---- data ----

    @Test
    void noApplicationRole_canRewriteOrDeleteAuditEvents_andEveryOneDeniesItExplicitly() {
        String audit = logicalIds("AWS::DynamoDB::Table").stream()
                .filter(id -> resources.path(id).at("/Properties/TableName").asText().endsWith("-audit")).findFirst().orElseThrow();
        Set<String> denied = new HashSet<>();
        Set<String> allowedOnAudit = new TreeSet<>();
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                List<String> actions = new ArrayList<>();
                (statement.path("Action").isArray() ? statement.path("Action") : Json.mapper().createArrayNode().add(statement.path("Action")))
                        .forEach(a -> actions.add(a.asText()));
                boolean onAudit = statement.path("Resource").toString().contains("\"" + audit + "\"");
                if (statement.path("Effect").asText().equals("Deny") && onAudit && actions.containsAll(DataStore.AUDIT_REWRITE_ACTIONS)) {
                    policy.path("Roles").forEach(r -> denied.add(r.path("Ref").asText()));
                } else if (statement.path("Effect").asText().equals("Allow") && onAudit) {
                    allowedOnAudit.addAll(actions);
                }
            }
        }
        assertThat(allowedOnAudit).as("what any role may do on the audit table").isNotEmpty()
                .doesNotContainAnyElementsOf(DataStore.AUDIT_REWRITE_ACTIONS).doesNotContain("dynamodb:*");
        Set<String> applicationRoles = new TreeSet<>();
        ofType("AWS::Lambda::Function").stream().filter(f -> f.path("FunctionName").asText().startsWith("tandem-"))
                .forEach(f -> applicationRoles.add(f.at("/Role/Fn::GetAtt/0").asText()));
        ofType("AWS::ECS::TaskDefinition").forEach(t -> applicationRoles.add(t.at("/TaskRoleArn/Fn::GetAtt/0").asText()));
        assertThat(applicationRoles).hasSize(expectedFunctions() + 1);
        assertThat(denied).containsAll(applicationRoles);
    }

    @Test
    void auditDigests_areLockedInCompliance_signedByAKeyOnlyTheirWriterMaySignWith_andWrittenOnASchedule() {
        JsonNode bucket = ofType("AWS::S3::Bucket").stream().filter(b -> b.path("ObjectLockEnabled").asBoolean()).findFirst().orElseThrow();
        assertThat(bucket.at("/ObjectLockConfiguration/ObjectLockEnabled").asText()).isEqualTo("Enabled");
        assertThat(bucket.at("/ObjectLockConfiguration/Rule/DefaultRetention/Mode").asText()).isEqualTo("COMPLIANCE");
        assertThat(bucket.at("/ObjectLockConfiguration/Rule/DefaultRetention/Days").asInt()).as("7 years in prod").isEqualTo(2557);
        assertThat(bucket.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.at("/PublicAccessBlockConfiguration")).allSatisfy(v -> assertThat(v.asBoolean()).isTrue());

        String writerRole = ofType("AWS::Lambda::Function").stream()
                .filter(f -> f.path("FunctionName").asText().endsWith("-" + TandemFunction.WRITE_AUDIT_DIGEST.logicalName()))
                .findFirst().orElseThrow().at("/Role/Fn::GetAtt/0").asText();
        JsonNode key = ofType("AWS::KMS::Key").stream().filter(k -> k.path("KeyUsage").asText().equals("SIGN_VERIFY")).findFirst().orElseThrow();
        List<String> signers = new ArrayList<>();
        for (JsonNode statement : key.at("/KeyPolicy/Statement")) {
            String actions = statement.path("Action").toString();
            assertThat(actions).as("no statement hands out every KMS action").doesNotContain("\"kms:*\"");
            if (actions.contains("kms:Sign")) {
                signers.add(statement.at("/Principal/AWS/Fn::GetAtt/0").asText());
            }
        }
        assertThat(signers).as("the key policy lets only the writer sign").containsExactly(writerRole);
        String keyId = logicalIds("AWS::KMS::Key").stream().filter(id -> resources.path(id).at("/Properties/KeyUsage").asText()
                .equals("SIGN_VERIFY")).findFirst().orElseThrow();
        Set<String> signingRoles = new TreeSet<>();
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                if (statement.path("Action").toString().contains("kms:Sign") && statement.path("Resource").toString().contains(keyId)) {
                    policy.path("Roles").forEach(r -> signingRoles.add(r.path("Ref").asText()));
                }
            }
        }
        assertThat(signingRoles).containsExactly(writerRole);

        JsonNode writer = ofType("AWS::Lambda::Function").stream()
                .filter(f -> f.path("FunctionName").asText().endsWith("-" + TandemFunction.WRITE_AUDIT_DIGEST.logicalName())).findFirst().orElseThrow();
        assertThat(writer.path("ReservedConcurrentExecutions").asInt()).as("one writer: digests are a chain").isEqualTo(1);
        assertThat(ofType("AWS::Events::Rule")).anySatisfy(r -> {
            assertThat(r.path("ScheduleExpression").asText()).isEqualTo("rate(5 minutes)");
            assertThat(r.at("/Targets/0/DeadLetterConfig/Arn").isMissingNode()).isFalse();
        });
        assertThat(ofType("AWS::Events::Rule")).anySatisfy(r -> {
            assertThat(r.at("/EventPattern/source/0").asText()).isEqualTo(dev.tandem.contracts.infra.JobEventNames.SOURCE);
            assertThat(r.at("/EventPattern/detail-type/0").asText()).isEqualTo(dev.tandem.contracts.infra.JobEventNames.JOB_ENDED);
        });
    }

    private static List<String> logicalIds(String type) {
        List<String> ids = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    @Test
    void tables_areTheContractsTables_withPitrCustomerKeysAndTtl() {
        List<JsonNode> tables = ofType("AWS::DynamoDB::Table");
        assertThat(tables).extracting(t -> t.path("TableName").asText())
                .containsExactlyInAnyOrderElementsOf(Tables.ALL.stream().map(s -> s.physicalName("tandem-prod")).toList());
        assertThat(tables).allSatisfy(t -> {
            assertThat(t.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
            assertThat(t.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
            assertThat(t.at("/SSESpecification/SSEType").asText()).isEqualTo("KMS");
            assertThat(t.at("/SSESpecification/KMSMasterKeyId").isMissingNode()).isFalse();
            assertThat(t.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(t.path("DeletionProtectionEnabled").asBoolean()).isTrue();
        });
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("TableName", "tandem-prod-idempotency",
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))));
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("TableName", "tandem-prod-lineage",
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "reverse"))))));
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @Test
    void everySymmetricKey_rotates_andTheOthersSignAuditDigestsOrMacPageCursors() {
        assertThat(ofType("AWS::KMS::Key")).filteredOn(k -> !k.has("KeySpec")).isNotEmpty()
                .allSatisfy(k -> assertThat(k.path("EnableKeyRotation").asBoolean()).isTrue());
        assertThat(ofType("AWS::KMS::Key")).filteredOn(k -> k.has("KeySpec")).extracting(k -> k.path("KeySpec").asText() + " " + k.path("KeyUsage").asText())
                .containsExactlyInAnyOrder("RSA_3072 SIGN_VERIFY", "HMAC_256 GENERATE_VERIFY_MAC");
    }

    @Test
    void onlyCancelJob_mayStopExecutions_andOnlyThoseOfTheStagesStateMachines() {
        String cancelRole = ofType("AWS::Lambda::Function").stream()
                .filter(f -> f.path("FunctionName").asText().endsWith("-" + TandemFunction.CANCEL_JOB.logicalName())).findFirst().orElseThrow()
                .at("/Role/Fn::GetAtt/0").asText();
        Set<String> stoppers = new TreeSet<>();
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                if (statement.path("Action").toString().contains("states:StopExecution")) {
                    assertThat(statement.path("Resource").toString()).contains(":execution:").doesNotContain("\"*\"");
                    policy.path("Roles").forEach(r -> stoppers.add(r.path("Ref").asText()));
                }
            }
        }
        assertThat(stoppers).containsExactly(cancelRole);
    }

    @Test
    void onlyRedriveJob_mayRedriveExecutions_andOnlyTheErrorHandlersAndTheJobMeasurerReadExecutionHistories() {
        Set<String> redrivers = rolesAllowed("states:RedriveExecution");
        assertThat(redrivers).containsExactly(roleOf("-" + TandemFunction.REDRIVE_JOB.logicalName()));
        Set<String> historyReaders = rolesAllowed("states:GetExecutionHistory");
        Set<String> errorHandlers = new TreeSet<>();
        ofType("AWS::Lambda::Function").stream().filter(f -> f.path("FunctionName").asText().endsWith("-MarkFailed"))
                .forEach(f -> errorHandlers.add(f.at("/Role/Fn::GetAtt/0").asText()));
        errorHandlers.add(roleOf("-" + TandemFunction.RECORD_JOB_KPIS.logicalName()));
        assertThat(historyReaders).as("each pipeline's error handler and the platform's job measurer").isEqualTo(errorHandlers);
    }

    @Test
    void eachPipelinesFailedTimedOutAndAbortedExecutions_reachItsErrorHandler_throughARuleWithRetriesAndADeadLetterQueue() {
        List<JsonNode> rules = ofType("AWS::Events::Rule").stream()
                .filter(r -> r.at("/EventPattern/source/0").asText().equals(dev.tandem.contracts.infra.ExecutionEvents.SOURCE))
                .filter(r -> r.at("/Targets/0/Arn/Ref").asText().contains("MarkFailed")).toList();
        assertThat(rules).hasSize(ofType("AWS::StepFunctions::StateMachine").size());
        for (JsonNode rule : rules) {
            assertThat(rule.at("/EventPattern/detail-type/0").asText()).isEqualTo(dev.tandem.contracts.infra.ExecutionEvents.STATUS_CHANGE);
            List<String> statuses = new ArrayList<>();
            rule.at("/EventPattern/detail/status").forEach(v -> statuses.add(v.asText()));
            assertThat(statuses).containsExactlyElementsOf(dev.tandem.contracts.infra.ExecutionEvents.UNSUCCESSFUL);
            String machine = rule.at("/EventPattern/detail/stateMachineArn/0/Ref").asText();
            assertThat(resources.path(machine).path("Type").asText()).isEqualTo("AWS::StepFunctions::StateMachine");
            JsonNode target = rule.at("/Targets/0");
            assertThat(target.at("/Arn/Ref").asText()).contains("MarkFailedLive");
            assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).isEqualTo(185);
            assertThat(target.at("/DeadLetterConfig/Arn/Fn::GetAtt/0").asText()).contains("FailureEventsDeadLetters");
            // The same pipeline's state machine and error handler.
            assertThat(machine.substring(0, 8)).isEqualTo(target.at("/Arn/Ref").asText().substring(0, 8));
        }
        assertThat(ofType("AWS::CloudWatch::Alarm")).filteredOn(a -> a.path("AlarmName").asText().endsWith("FailureEventsDlq"))
                .hasSize(rules.size());
    }

    @Test
    void everyEndedExecution_isMeasuredByRecordJobKpis_andOnlyItAndTheSampleChecksWriteTheKpiTable() {
        List<JsonNode> rules = ofType("AWS::Events::Rule").stream()
                .filter(r -> r.at("/Targets/0/Arn/Ref").asText().contains(TandemFunction.RECORD_JOB_KPIS.logicalName())).toList();
        assertThat(rules).singleElement().satisfies(rule -> {
            List<String> statuses = new ArrayList<>();
            rule.at("/EventPattern/detail/status").forEach(v -> statuses.add(v.asText()));
            assertThat(statuses).containsExactlyElementsOf(dev.tandem.contracts.infra.ExecutionEvents.ENDED);
            assertThat(rule.at("/EventPattern/detail/stateMachineArn")).hasSize(ofType("AWS::StepFunctions::StateMachine").size());
            assertThat(rule.at("/Targets/0/DeadLetterConfig/Arn/Fn::GetAtt/0").asText()).contains("KpiEventsDeadLetters");
        });
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("TableName", "tandem-prod-kpis",
                "KeySchema", List.of(Map.of("AttributeName", "pipeline", "KeyType", "HASH"), Map.of("AttributeName", "createdJob", "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))));
        // The KPI table: written by the measurer and by a reviewer's check of a sample, read by the KPI route, and nobody else.
        String measurer = roleOf("-" + TandemFunction.RECORD_JOB_KPIS.logicalName());
        String checker = roleOf("-" + TandemFunction.DECIDE_REVIEW.logicalName());
        String reader = roleOf("-" + TandemFunction.GET_PIPELINE_KPIS.logicalName());
        String table = logicalIds("AWS::DynamoDB::Table").stream()
                .filter(id -> resources.path(id).at("/Properties/TableName").asText().endsWith("-kpis")).findFirst().orElseThrow();
        Set<String> kpiWriters = new TreeSet<>();
        Set<String> kpiReaders = new TreeSet<>();
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                if (statement.path("Resource").toString().contains("\"" + table + "\"")) {
                    boolean writes = statement.path("Action").toString().contains("dynamodb:PutItem");
                    policy.path("Roles").forEach(r -> (writes ? kpiWriters : kpiReaders).add(r.path("Ref").asText()));
                }
            }
        }
        assertThat(kpiWriters).containsExactlyInAnyOrder(measurer, checker);
        kpiReaders.removeAll(kpiWriters);
        assertThat(kpiReaders).containsExactly(reader);
    }

    @Test
    void eachPipeline_hasAnomalyDetectionAlarms_onTimeToValueP99ItsOutcomeMixAndItsFeatures_thatPage() {
        List<JsonNode> anomaly = ofType("AWS::CloudWatch::Alarm").stream()
                .filter(a -> a.path("Metrics").toString().contains("ANOMALY_DETECTION_BAND(m1, 2)")).toList();
        int pipelines = ofType("AWS::StepFunctions::StateMachine").size();
        assertThat(anomaly).hasSize(4 * pipelines).allSatisfy(a -> {
            assertThat(a.path("ComparisonOperator").asText()).isEqualTo("GreaterThanUpperThreshold");
            assertThat(a.path("ThresholdMetricId").asText()).isEqualTo("band");
            assertThat(a.path("AlarmActions")).isNotEmpty();
        });
        assertThat(anomaly).extracting(a -> a.at("/Metrics/0/MetricStat/Metric/MetricName").asText() + " "
                        + a.at("/Metrics/0/MetricStat/Stat").asText())
                .containsOnly(dev.tandem.contracts.infra.Stages.JOB_TIME_TO_VALUE_METRIC + " p99", dev.tandem.contracts.infra.Stages.JOB_OUTCOME_METRIC + " Sum",
                        dev.tandem.contracts.infra.Stages.JOB_FEATURES_METRIC + " Average");
    }

    @Test
    void eachAgentStep_hasAnAlarmOnItsP99AgainstTheSloItsBlueprintDeclares_andNoPipelineWithoutATarget_aTimeToDecisionAlarm() {
        for (var pipeline : Pipelines.all()) {
            for (var step : pipeline.blueprint().all().filter(st -> st.placement() == dev.tandem.contracts.blueprint.Placement.AGENT).toList()) {
                JsonNode alarm = ofType("AWS::CloudWatch::Alarm").stream()
                        .filter(a -> a.path("AlarmName").asText().equals("tandem-prod-" + PipelineDeployment.constructId(pipeline.name()) + step.name() + "Slo"))
                        .findFirst().orElseThrow(() -> new AssertionError("no SLO alarm for " + pipeline.name() + "/" + step.name()));
                // A labelled metric is rendered as a metric-data query.
                JsonNode stat = alarm.at("/Metrics/0/MetricStat");
                assertThat(stat.at("/Metric/MetricName").asText()).isEqualTo(dev.tandem.contracts.infra.Stages.AGENT_STEP_METRIC);
                assertThat(stat.path("Stat").asText()).isEqualTo("p99");
                assertThat(alarm.path("Threshold").asDouble()).isEqualTo(step.profile().latencySlo().toMillis());
                assertThat(stat.at("/Metric/Dimensions").toString()).contains(pipeline.name(), step.name());
                assertThat(alarm.path("AlarmActions")).isNotEmpty();
            }
            boolean target = pipeline.kpiTargets().timeToDecisionP99() != null;
            assertThat(ofType("AWS::CloudWatch::Alarm").stream().filter(a -> a.path("AlarmName").asText()
                    .equals("tandem-prod-" + PipelineDeployment.constructId(pipeline.name()) + "TimeToDecisionSlo"))).hasSize(target ? 1 : 0);
        }
    }

    @Test
    void apiGateway_invokesTheApisFunctions_withOneRole_thatMayInvokeOnlyTheirLiveAliases() {
        List<JsonNode> methods = ofType("AWS::ApiGateway::Method").stream().filter(m -> m.at("/Integration/Type").asText().equals("AWS_PROXY")).toList();
        assertThat(methods).hasSize(dev.tandem.contracts.api.ApiRoutes.ALL.size()).allSatisfy(m -> {
            assertThat(m.at("/Integration/Credentials").isMissingNode()).as("a credentials role").isFalse();
            assertThat(m.at("/Integration/Uri").toString()).contains(":lambda:path/2015-03-31/functions/", "/invocations");
        });
        assertThat(methods.stream().map(m -> m.at("/Integration/Credentials").toString()).distinct()).as("one role for every route").hasSize(1);
        assertThat(ofType("AWS::Lambda::Permission")).as("no per-route resource policy on the functions")
                .noneMatch(p -> p.path("Principal").asText().equals("apigateway.amazonaws.com"));
    }

    @Test
    void withNoPipelineAcceptingEvents_noRuleTurnsEventsIntoJobs() {
        assertThat(Pipelines.all()).noneMatch(dev.tandem.contracts.pipeline.spi.PipelineDefinition::acceptsEvents);
        assertThat(ofType("AWS::Events::Rule")).noneMatch(r -> r.at("/EventPattern/detail-type").toString()
                .contains(dev.tandem.contracts.infra.JobEventNames.SUBMIT));
    }

    @Test
    void aStagesPolicyVersions_pinTheAgentsBundles_andOnlyWhereSet() {
        JsonNode pinned = Json.tree(Template.fromStack(Synth.synth(Map.of("stage", "dev", "policyVersions", "document-compliance/govern=1.0.0"),
                Pipelines.all()).tandem()).toJSON()).path("Resources");
        assertThat(ofType(pinned, "AWS::ECS::TaskDefinition").getFirst().at("/ContainerDefinitions/0/Environment").toString())
                .contains(dev.tandem.contracts.infra.ConfigKey.AGENT_POLICY_VERSIONS.environmentVariable()).contains("document-compliance/govern=1.0.0");
        assertThat(ofType("AWS::ECS::TaskDefinition").getFirst().at("/ContainerDefinitions/0/Environment").toString())
                .doesNotContain(dev.tandem.contracts.infra.ConfigKey.AGENT_POLICY_VERSIONS.environmentVariable());
    }

    @Test
    void aStagesModelEndpoints_mustNameAPipelineItDeploys_andAnEndpointSageMakerCouldHave() {
        assertThatThrownBy(() -> Synth.synth(Map.of("stage", "dev", "modelEndpoints", "claims-triage=claims-scorer"), Pipelines.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claims-triage, which this stage does not deploy");
        assertThatThrownBy(() -> Synth.synth(Map.of("stage", "dev", "modelEndpoints", "document-compliance=scorer_1"), Pipelines.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document-compliance=scorer_1");
        assertThatThrownBy(() -> Synth.synth(Map.of("stage", "dev", "modelEndpoints", "document-compliance"), Pipelines.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pipeline=endpoint");
    }

    private static String roleOf(String functionNameSuffix) {
        return ofType("AWS::Lambda::Function").stream().filter(f -> f.path("FunctionName").asText().endsWith(functionNameSuffix))
                .findFirst().orElseThrow().at("/Role/Fn::GetAtt/0").asText();
    }

    /** The roles whose policies allow the action; each such statement names executions, never every resource. */
    private static Set<String> rolesAllowed(String action) {
        Set<String> roles = new TreeSet<>();
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                if (statement.path("Action").toString().contains(action)) {
                    assertThat(statement.path("Resource").toString()).contains(":execution:").doesNotContain("\"*\"");
                    policy.path("Roles").forEach(r -> roles.add(r.path("Ref").asText()));
                }
            }
        }
        return roles;
    }

    @Test
    void jobList_queriesTheJobsTablesIndexes_andOnlyThePagingFunctionsMacCursors_withTheCursorKey() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("TableName", "tandem-prod-jobs",
                "GlobalSecondaryIndexes", List.of(
                        Match.objectLike(Map.of("IndexName", Tables.Jobs.BY_OWNER, "KeySchema", List.of(
                                Map.of("AttributeName", Tables.Jobs.OWNER, "KeyType", "HASH"), Map.of("AttributeName", Tables.Jobs.CREATED_AT, "KeyType", "RANGE")),
                                // Not the progress or times a job's every step updates: updates leave the indexes alone.
                                "Projection", Map.of("ProjectionType", "INCLUDE", "NonKeyAttributes", Tables.Jobs.LISTED))),
                        Match.objectLike(Map.of("IndexName", Tables.Jobs.BY_DAY, "KeySchema", List.of(
                                Map.of("AttributeName", Tables.Jobs.CREATED_DAY, "KeyType", "HASH"), Map.of("AttributeName", Tables.Jobs.CREATED_AT, "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "INCLUDE", "NonKeyAttributes", Tables.Jobs.LISTED)))))));
        String keyId = logicalIds("AWS::KMS::Key").stream().filter(id -> resources.path(id).at("/Properties/KeyUsage").asText()
                .equals("GENERATE_VERIFY_MAC")).findFirst().orElseThrow();
        JsonNode listJobs = ofType("AWS::Lambda::Function").stream()
                .filter(f -> f.path("FunctionName").asText().endsWith("-" + TandemFunction.LIST_JOBS.logicalName())).findFirst().orElseThrow();
        assertThat(listJobs.at("/Environment/Variables/" + ConfigKey.API_CURSOR_KEY.environmentVariable() + "/Fn::GetAtt/0").asText()).isEqualTo(keyId);
        Set<String> macRoles = new TreeSet<>();
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                if (statement.path("Resource").toString().contains(keyId)) {
                    assertThat(statement.path("Action").toString()).isEqualTo("[\"kms:GenerateMac\",\"kms:VerifyMac\"]");
                    policy.path("Roles").forEach(r -> macRoles.add(r.path("Ref").asText()));
                }
            }
        }
        Set<String> paging = new TreeSet<>();
        for (TandemFunction f : TandemFunction.values()) {
            if (f.grants().contains(dev.tandem.contracts.infra.Grant.API_CURSORS)) {
                paging.add(ofType("AWS::Lambda::Function").stream().filter(fn -> fn.path("FunctionName").asText().endsWith("-" + f.logicalName()))
                        .findFirst().orElseThrow().at("/Role/Fn::GetAtt/0").asText());
            }
        }
        assertThat(paging).as("ListJobs and FindLineage").hasSize(2);
        assertThat(macRoles).isEqualTo(paging);
    }

    @Test
    void documentsBucket_isKmsEncryptedPrivateTlsOnlyVersionedAndLifecycled() {
        JsonNode bucket = ofType("AWS::S3::Bucket").stream()
                .filter(b -> b.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText().equals("aws:kms"))
                .findFirst().orElseThrow();
        assertThat(bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/BucketKeyEnabled").asBoolean()).isTrue();
        // The name the local stack uses too (Stages), made unique by account and region.
        assertThat(bucket.path("BucketName").toString()).contains("tandem-prod-documents-").contains("AWS::AccountId").contains("AWS::Region");
        assertThat(bucket.at("/PublicAccessBlockConfiguration")).allSatisfy(v -> assertThat(v.asBoolean()).isTrue());
        assertThat(bucket.at("/PublicAccessBlockConfiguration").size()).isEqualTo(4);
        assertThat(bucket.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.at("/LoggingConfiguration/DestinationBucketName").isMissingNode()).isFalse();
        assertThat(bucket.at("/LifecycleConfiguration/Rules")).extracting(r -> r.path("Id").asText())
                .contains("abort-incomplete-uploads", "old-versions", "settled-jobs");
        // enforceSSL: a Deny on aws:SecureTransport=false in every bucket policy.
        assertThat(ofType("AWS::S3::BucketPolicy")).isNotEmpty().allSatisfy(p -> assertThat(p.toString())
                .contains("\"aws:SecureTransport\":\"false\"").contains("\"Effect\":\"Deny\""));
    }

    @Test
    void governanceQueue_isEncryptedWithARedriveToItsDlq() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "KmsMasterKeyId", Match.anyValue(),
                "VisibilityTimeout", 60,
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 5, "deadLetterTargetArn", Match.anyValue())))));
        // The governance queue and its DLQ are encrypted with the data key; the ended-jobs queues (job ids only), each
        // pipeline's failure-event DLQ and the job measurer's (execution references) with SQS's keys.
        assertThat(ofType("AWS::SQS::Queue")).hasSize(5 + ofType("AWS::StepFunctions::StateMachine").size()).allSatisfy(q ->
                assertThat(q.has("KmsMasterKeyId") || q.path("SqsManagedSseEnabled").asBoolean()).isTrue());
        assertThat(ofType("AWS::SQS::Queue")).filteredOn(q -> q.has("KmsMasterKeyId")).hasSize(2);
    }

    // ---- functions ----

    @Test
    void everyFunction_isJava21WithSnapStartTracingExplicitSizingAndItsOwnLogGroup() {
        List<JsonNode> functions = ofType("AWS::Lambda::Function");
        assertThat(functions).hasSize(expectedFunctions());
        assertThat(functions).allSatisfy(f -> {
            assertThat(f.path("Runtime").asText()).isEqualTo("java21");
            assertThat(f.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(f.at("/TracingConfig/Mode").asText()).isEqualTo("Active");
            assertThat(f.path("MemorySize").asInt()).isBetween(512, 2048);
            assertThat(f.path("Timeout").asInt()).isBetween(5, 60);
            assertThat(f.at("/LoggingConfig/LogGroup").isMissingNode()).isFalse();
        });
        assertThat(ofType("AWS::Logs::LogGroup")).allSatisfy(g -> assertThat(g.path("RetentionInDays").asInt()).isPositive());
    }

    @Test
    void everyFunction_carriesThePipelinesLayer_withEachRegisteredPipelinesJar() throws java.io.IOException {
        Map<String, Map<String, Object>> layers = template.findResources("AWS::Lambda::LayerVersion");
        assertThat(layers).hasSize(1);
        String layerId = layers.keySet().iterator().next();
        assertThat(ofType("AWS::Lambda::Function").stream().filter(f -> f.path("FunctionName").asText().startsWith("tandem-prod-")))
                .hasSize(expectedFunctions())
                .allSatisfy(f -> assertThat(f.path("Layers").toString()).contains(layerId));
        JsonNode layer = resources.path(layerId);
        assertThat(layer.at("/Properties/CompatibleRuntimes/0").asText()).isEqualTo("java21");
        // What the layer's asset is made of (staged in the app's output folder).
        java.nio.file.Path content = java.nio.file.Path.of(software.amazon.awscdk.Stage.of(stacks.tandem()).getOutdir())
                .resolve("pipelines-layer-source/java/lib");
        try (var jars = java.nio.file.Files.list(content)) {
            assertThat(jars.map(j -> j.getFileName().toString())).contains("document-compliance.jar");
        }
        try (var zip = new java.util.zip.ZipFile(content.resolve("document-compliance.jar").toFile())) {
            assertThat(zip.getEntry("META-INF/services/dev.tandem.contracts.pipeline.spi.PipelineDefinition")).isNotNull();
            assertThat(zip.getEntry("policies/document-compliance/govern/1.1.0/bundle.json")).isNotNull();
        }
    }

    @Test
    void everyFunction_hasALiveAlias_andACanaryDeploymentThatRollsBackOnAlarms() {
        assertThat(ofType("AWS::Lambda::Alias")).hasSize(expectedFunctions()).allSatisfy(a -> assertThat(a.path("Name").asText()).isEqualTo("live"));
        List<JsonNode> groups = ofType("AWS::CodeDeploy::DeploymentGroup");
        assertThat(groups).hasSize(expectedFunctions()).allSatisfy(g -> {
            assertThat(g.path("DeploymentConfigName").asText()).isEqualTo("CodeDeployDefault.LambdaCanary10Percent5Minutes");
            assertThat(g.at("/AutoRollbackConfiguration/Enabled").asBoolean()).isTrue();
            assertThat(g.at("/AutoRollbackConfiguration/Events").toString()).contains("DEPLOYMENT_STOP_ON_ALARM");
            assertThat(g.at("/AlarmConfiguration/Alarms").size()).isEqualTo(2);
        });
        assertThat(ofType("AWS::CloudWatch::Alarm")).extracting(a -> a.path("AlarmName").asText())
                .contains("tandem-prod-SubmitJob-errors", "tandem-prod-SubmitJob-p99");
    }

    @Test
    void submitJob_liveAlias_keepsAWarmPool_configurablePerStage() {
        template.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of(
                "ProvisionedConcurrencyConfig", Map.of("ProvisionedConcurrentExecutions", 2))));
        assertThat(ofType("AWS::Lambda::Alias")).filteredOn(a -> a.has("ProvisionedConcurrencyConfig")).hasSize(1);
        assertThat(Template.fromStack(Synth.dev().tandem()).findResources("AWS::Lambda::Alias", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("ProvisionedConcurrencyConfig", Match.anyValue())))))).isEmpty();
    }

    // ---- orchestration ----

    @Test
    void eachPipeline_isANestedStackOfTheStage_holdingItsFunctionsAndStateMachine_andEveryStackIsWithinCloudFormationsLimits() {
        JsonNode stage = Json.tree(Template.fromStack(stacks.tandem()).toJSON());
        assertThat(ofType(stage.path("Resources"), "AWS::CloudFormation::Stack")).hasSize(Pipelines.all().size());
        assertThat(ofType(stage.path("Resources"), "AWS::StepFunctions::StateMachine")).isEmpty();
        for (PipelineDeployment pipeline : stacks.tandem().pipelines()) {
            JsonNode own = Json.tree(Template.fromStack(pipeline).toJSON()).path("Resources");
            assertThat(ofType(own, "AWS::StepFunctions::StateMachine")).extracting(m -> m.path("StateMachineName").asText())
                    .containsExactly(dev.tandem.contracts.infra.Stages.stateMachineName("prod", pipeline.pipeline().name()));
            assertThat(ofType(own, "AWS::Lambda::Function")).extracting(f -> f.path("FunctionName").asText())
                    .hasSize(FunctionCatalog.pipeline(pipeline.pipeline()).size())
                    .allMatch(n -> n.startsWith("tandem-prod-" + pipeline.pipeline().name() + "-"));
            assertThat(ofType(own, "AWS::SSM::Parameter")).extracting(p -> p.path("Name").asText())
                    .containsExactly("/tandem/prod/kill-switch/" + pipeline.pipeline().name());
        }
        // CloudFormation's quotas per stack: 500 resources, 200 parameters, 200 outputs.
        for (software.amazon.awscdk.Stack stack : Synth.stacksOf(stacks)) {
            JsonNode t = Json.tree(Template.fromStack(stack).toJSON());
            assertThat(t.path("Resources").size()).as(stack.getNode().getPath()).isLessThanOrEqualTo(500);
            assertThat(t.path("Parameters").size()).as(stack.getNode().getPath()).isLessThanOrEqualTo(200);
            assertThat(t.path("Outputs").size()).as(stack.getNode().getPath()).isLessThanOrEqualTo(200);
        }
    }

    @Test
    void stateMachine_isStandardTracedAndLogsWithoutExecutionData_withAVersionAndACanaryAlias() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of("IncludeExecutionData", false, "Level", "ALL")))));
        template.resourceCountIs("AWS::StepFunctions::StateMachineVersion", 1);
        template.hasResourceProperties("AWS::StepFunctions::StateMachineAlias", Match.objectLike(Map.of(
                "Name", "live",
                "DeploymentPreference", Match.objectLike(Map.of("Type", "CANARY", "Percentage", 10, "Interval", 5,
                        "Alarms", Match.anyValue())))));
        // SubmitJob starts executions through the alias.
        JsonNode submit = ofType("AWS::Lambda::Function").stream().filter(f -> f.path("FunctionName").asText().endsWith("-SubmitJob"))
                .findFirst().orElseThrow();
        assertThat(submit.at("/Environment/Variables/TANDEM_STATE_MACHINE_ARNS").toString()).contains("document-compliance=")
                .contains("LiveAlias");
    }

    @Test
    void stateMachineDefinition_isTheGeneratedOne_withEveryPlaceholderSubstituted() {
        JsonNode sm = ofType("AWS::StepFunctions::StateMachine").getFirst();
        String body = sm.path("DefinitionString").toString();
        assertThat(body).contains("sqs:sendMessage.waitForTaskToken").contains("lambda:invoke.waitForTaskToken");
        JsonNode substitutions = sm.path("DefinitionSubstitutions");
        assertThat(substitutions.has("GovernanceQueueUrl")).isTrue();
        for (String fn : List.of("Extract", "AnalyzeChunk", "Assess", "RequestReview", "Finalize")) {
            assertThat(substitutions.has("Fn_" + fn)).as(fn).isTrue();
            assertThat(substitutions.path("Fn_" + fn).toString()).as(fn + " points to the live alias").contains(fn + "Live");
        }
        assertThat(substitutions.has("Fn_MarkFailed")).as("the error handler runs on the failure event, not from the workflow").isFalse();
        String definition = stacks.tandem().pipelines().getFirst().orchestration().definition();
        Set<String> placeholders = new java.util.TreeSet<>();
        Pattern.compile("\\$\\{([A-Za-z_]+)}").matcher(definition).results().forEach(m -> placeholders.add(m.group(1)));
        List<String> names = new ArrayList<>();
        substitutions.fieldNames().forEachRemaining(names::add);
        assertThat(placeholders).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void twoPipelines_deploySideBySide_withUniqueNames_eachWithItsOwnStateMachineFunctionsAndKillSwitch() {
        TandemApp.Stacks two = Synth.twoPipelines();
        JsonNode res = Json.tree(Synth.stage(two).toJSON()).path("Resources");
        assertThat(ofType(res, "AWS::StepFunctions::StateMachine")).extracting(sm -> sm.path("StateMachineName").asText())
                .containsExactlyInAnyOrder("tandem-dev-document-compliance", "tandem-dev-example");
        assertThat(ofType(res, "AWS::StepFunctions::StateMachineAlias")).hasSize(2);
        // Tandem's functions (the dev stage also has CDK's own custom-resource function, which has no name).
        List<String> functionNames = ofType(res, "AWS::Lambda::Function").stream().map(f -> f.path("FunctionName").asText())
                .filter(n -> n.startsWith("tandem-dev-")).toList();
        assertThat(functionNames).doesNotHaveDuplicates()
                .contains("tandem-dev-document-compliance-MarkFailed", "tandem-dev-example-MarkFailed", "tandem-dev-example-Check",
                        "tandem-dev-SubmitJob");
        assertThat(functionNames).hasSize(expectedFunctions() + 2);
        assertThat(ofType(res, "AWS::Lambda::Function")).filteredOn(f -> f.path("FunctionName").asText().equals("tandem-dev-example-Check"))
                .singleElement().satisfies(f -> assertThat(f.path("Handler").asText())
                        .isEqualTo(new ExamplePipeline().function("Check").handler()));
        for (String type : List.of("AWS::CloudWatch::Alarm", "AWS::Logs::LogGroup", "AWS::SSM::Parameter", "AWS::CodeDeploy::Application")) {
            String field = switch (type) {
                case "AWS::CloudWatch::Alarm" -> "AlarmName";
                case "AWS::Logs::LogGroup" -> "LogGroupName";
                case "AWS::SSM::Parameter" -> "Name";
                default -> "ApplicationName";
            };
            // Resources without a set name get a generated, unique one.
            assertThat(ofType(res, type).stream().filter(r -> r.has(field)).map(r -> r.path(field).toString()).toList()).as(type)
                    .doesNotHaveDuplicates();
        }
        assertThat(ofType(res, "AWS::SSM::Parameter")).extracting(p -> p.path("Name").asText())
                .contains("/tandem/dev/kill-switch/document-compliance", "/tandem/dev/kill-switch/example");
        // SubmitJob starts either pipeline's state machine, and may start only those.
        JsonNode submit = ofType(res, "AWS::Lambda::Function").stream().filter(f -> f.path("FunctionName").asText().equals("tandem-dev-SubmitJob"))
                .findFirst().orElseThrow();
        assertThat(submit.at("/Environment/Variables/TANDEM_STATE_MACHINE_ARNS").toString())
                .contains("document-compliance=").contains(",example=");
        // POST /v1/jobs takes any of the two pipelines' input contracts (the function validates against the selected one).
        assertThat(ofType(res, "AWS::ApiGateway::Model")).filteredOn(m -> m.path("Name").asText().equals("JobSubmission"))
                .singleElement().satisfies(m -> assertThat(m.at("/Schema/anyOf")).hasSize(2));
        // The example pipeline's governed step sends the generic task with its own attributes and evidence.
        String example = two.tandem().pipeline(ExamplePipeline.NAME).orchestration().definition();
        JsonNode decide = Json.read(example, JsonNode.class).at("/States/Decide/Parameters/MessageBody");
        assertThat(decide.path("evidence.$").asText()).isEqualTo("$.check.evidence");
        assertThat(decide.at("/attributes/score.$").asText()).isEqualTo("$.check.score");
        // The stage's annotations include its nested stacks' (each pipeline's).
        for (var stack : List.of(two.tandem())) {
            Annotations annotations = Annotations.fromStack(stack);
            assertThat(annotations.findError("*", Match.stringLikeRegexp("(AwsSolutions|Serverless)-.*"))).extracting(TandemStackTest::describe)
                    .isEmpty();
        }
    }

    @Test
    void aContradictingBlueprint_failsTheSynth() {
        assertThatThrownBy(() -> Synth.synth(Map.of("stage", "dev"), Blueprints.governOnAFunction()))
                .hasStackTraceContaining("contradicts the placement advisor")
                .hasStackTraceContaining("Govern");
    }

    // ---- agent ----

    @Test
    void agent_runsInAVpcWithoutInternet_throughEndpoints() {
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::InternetGateway", 0);
        assertThat(ofType("AWS::EC2::VPCEndpoint")).extracting(e -> e.path("ServiceName").toString())
                .anySatisfy(s -> assertThat(s).contains("sqs"))
                .anySatisfy(s -> assertThat(s).contains("states"))
                .anySatisfy(s -> assertThat(s).contains("ssm"))
                .anySatisfy(s -> assertThat(s).contains("ecr.dkr"))
                .anySatisfy(s -> assertThat(s).contains("xray"))
                .anySatisfy(s -> assertThat(s).contains("dynamodb"))
                .anySatisfy(s -> assertThat(s).contains("s3"));
        template.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    @Test
    void agent_isAFargateServiceWithInsightsCircuitBreakerSidecarAndPinnedImage() {
        template.hasResourceProperties("AWS::ECS::Cluster", Match.objectLike(Map.of(
                "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enhanced")))));
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "LaunchType", "FARGATE",
                "DeploymentConfiguration", Match.objectLike(Map.of("DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))),
                "NetworkConfiguration", Match.objectLike(Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))))));
        JsonNode task = ofType("AWS::ECS::TaskDefinition").getFirst();
        JsonNode containers = task.path("ContainerDefinitions");
        assertThat(containers).extracting(c -> c.path("Name").asText()).containsExactlyInAnyOrder("agent", "adot-collector");
        JsonNode agent = containers.get(0).path("Name").asText().equals("agent") ? containers.get(0) : containers.get(1);
        assertThat(agent.path("Image").toString()).contains("@" + Synth.DIGEST);
        assertThat(agent.path("ReadonlyRootFilesystem").asBoolean()).isTrue();
        assertThat(agent.path("User").asText()).isEqualTo("10001:10001");
        JsonNode adot = containers.get(0).path("Name").asText().equals("agent") ? containers.get(1) : containers.get(0);
        assertThat(adot.path("PortMappings").toString()).contains("\"ContainerPort\":2000").contains("\"Protocol\":\"udp\"");
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of("MinCapacity", 2, "MaxCapacity", 10)));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of("PolicyType", "StepScaling")));
    }

    @Test
    void agentTaskRole_grantsOnlyWhatTheAgentCalls() {
        String taskRole = stacks.tandem().getLogicalId((software.amazon.awscdk.CfnElement)
                stacks.tandem().agent().task().getTaskRole().getNode().getDefaultChild());
        List<String> actions = new ArrayList<>();
        ofType("AWS::IAM::Policy").stream().filter(p -> p.path("Roles").toString().contains(taskRole))
                .forEach(p -> p.at("/PolicyDocument/Statement").forEach(s -> {
                    if (!s.path("Effect").asText().equals("Allow")) {
                        return; // the explicit deny of audit rewrites is checked on its own
                    }
                    JsonNode a = s.path("Action");
                    if (a.isArray()) {
                        a.forEach(x -> actions.add(x.asText()));
                    } else {
                        actions.add(a.asText());
                    }
                }));
        assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "states:SendTaskSuccess",
                "states:SendTaskFailure", "states:SendTaskHeartbeat", "dynamodb:UpdateItem", "ssm:GetParameter");
        assertThat(actions).noneMatch(a -> a.startsWith("dynamodb:Delete") || a.startsWith("dynamodb:Scan")
                || a.startsWith("s3:Put") || a.startsWith("s3:Delete") || a.startsWith("states:StartExecution"));
    }

    // ---- security ----

    @Test
    void noIamStatement_grantsAllActions_andStarResourcesOnlyWhereTheApiHasNoResourceLevelPermissions() {
        Set<String> starResourceAllowed = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                "xray:GetSamplingTargets", "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat",
                "ecr:GetAuthorizationToken", "logs:CreateLogDelivery", "logs:GetLogDelivery",
                "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");
        for (JsonNode policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode s : policy.at("/PolicyDocument/Statement")) {
                List<String> actions = new ArrayList<>();
                if (s.path("Action").isArray()) {
                    s.path("Action").forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(s.path("Action").asText());
                }
                assertThat(actions).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                if (s.path("Resource").isTextual() && s.path("Resource").asText().equals("*")) {
                    assertThat(starResourceAllowed).as("actions on * in %s", s).containsAll(actions);
                }
            }
        }
    }

    @Test
    void cdkNag_awsSolutionsAndServerless_reportNoUnsuppressedErrors() {
        // The stage's annotations include its nested stacks' (each pipeline's).
        for (var stack : List.of(stacks.tandem(), stacks.bootstrap())) {
            Annotations annotations = Annotations.fromStack(stack);
            assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).extracting(TandemStackTest::describe)
                    .as(stack.getStackName()).isEmpty();
            assertThat(annotations.findError("*", Match.stringLikeRegexp("Serverless-.*"))).extracting(TandemStackTest::describe)
                    .as(stack.getStackName()).isEmpty();
            assertThat(annotations.findWarning("*", Match.stringLikeRegexp(".*CdkNagValidationFailure.*"))).extracting(TandemStackTest::describe)
                    .as(stack.getStackName()).isEmpty();
        }
    }

    private static String describe(software.amazon.awscdk.cxapi.SynthesisMessage m) {
        String data = String.valueOf(m.getEntry().getData());
        return m.getId() + " " + data.substring(0, Math.min(160, data.length()));
    }

    // ---- API ----

    @Test
    void api_isTracedLoggedThrottled_andEveryRouteButHealthAndTheOpenApiDocumentIsBehindCognito() {
        template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "StageName", "v1", "TracingEnabled", true,
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue())),
                "MethodSettings", List.of(Match.objectLike(Map.of("DataTraceEnabled", false, "ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 400))))));
        // The routes' methods; each path's ANY (405 from a mock) is checked on its own.
        List<JsonNode> methods = ofType("AWS::ApiGateway::Method").stream()
                .filter(m -> !m.path("HttpMethod").asText().equals("OPTIONS") && !m.path("HttpMethod").asText().equals("ANY")).toList();
        assertThat(methods).hasSize(ApiRoutes.ALL.size());
        long publicRoutes = ApiRoutes.ALL.stream().filter(r -> !r.authorized()).count();
        assertThat(ApiRoutes.ALL).filteredOn(r -> !r.authorized()).extracting(ApiRoutes.Route::resource)
                .containsExactlyInAnyOrder("/v1/health", "/v1/openapi.json");
        assertThat(methods).filteredOn(m -> m.path("AuthorizationType").asText().equals("COGNITO_USER_POOLS"))
                .hasSize(ApiRoutes.ALL.size() - (int) publicRoutes);
        assertThat(methods).filteredOn(m -> m.path("AuthorizationType").asText().equals("NONE")).hasSize((int) publicRoutes);
        template.hasResourceProperties("AWS::ApiGateway::UsagePlan", Match.objectLike(Map.of(
                "Throttle", Map.of("RateLimit", 200, "BurstLimit", 400))));
    }

    @Test
    void cognito_hasTheFourRoleGroups_andMfa() {
        assertThat(ofType("AWS::Cognito::UserPoolGroup")).extracting(g -> g.path("GroupName").asText())
                .containsExactlyInAnyOrder("submitter", "reviewer", "auditor", "operator");
        template.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of("MfaConfiguration", "ON")));
        template.hasResourceProperties("AWS::ApiGateway::Authorizer", Match.objectLike(Map.of("Type", "COGNITO_USER_POOLS")));
    }

    @Test
    void requestBodies_areValidatedAgainstModelsFromTheContractSchemas_andErrorsAreProblemDetails() {
        template.hasResourceProperties("AWS::ApiGateway::RequestValidator", Match.objectLike(Map.of("ValidateRequestBody", true)));
        // One pipeline deployed: POST /v1/jobs takes its input contract (the library's document submission) and the pipeline field.
        JsonNode submit = ofType("AWS::ApiGateway::Model").stream().filter(m -> m.path("Name").asText().equals("DocumentSubmission"))
                .findFirst().orElseThrow();
        assertThat(submit.at("/Schema/$schema").asText()).isEqualTo("http://json-schema.org/draft-04/schema#");
        assertThat(submit.at("/Schema/properties/pipeline/type").asText()).isEqualTo("string");
        assertThat(submit.at("/Schema/properties/purpose/enum")).extracting(JsonNode::asText)
                .containsExactly("support-kb", "analytics", "model-training");
        assertThat(submit.at("/Schema/required")).extracting(JsonNode::asText).containsExactly("purpose", "document");
        template.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of("HttpMethod", "POST",
                "RequestModels", Map.of("application/json", Match.anyValue()))));
        template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Match.objectLike(Map.of(
                "ResponseType", "BAD_REQUEST_BODY", "StatusCode", "400",
                "ResponseParameters", Map.of("gatewayresponse.header.Content-Type", "'application/problem+json'"))));
    }

    @Test
    void everyKnownPath_answersAnUndeclaredMethodWith405AndAllow_fromAMock() {
        List<JsonNode> any = ofType("AWS::ApiGateway::Method").stream().filter(m -> m.path("HttpMethod").asText().equals("ANY")).toList();
        assertThat(any).hasSize(ApiRoutes.methodsByPath().size()).allSatisfy(m -> {
            assertThat(m.at("/Integration/Type").asText()).isEqualTo("MOCK");
            assertThat(m.at("/Integration/IntegrationResponses/0/StatusCode").asText()).isEqualTo("405");
            assertThat(m.at("/Integration/IntegrationResponses/0/ResponseParameters/method.response.header.Allow").asText()).startsWith("'");
        });
        assertThat(any).extracting(m -> m.at("/Integration/IntegrationResponses/0/ResponseParameters/method.response.header.Allow").asText())
                .contains("'POST'", "'GET'");
    }

    @Test
    void waf_protectsTheStage_withAwsManagedRuleGroups() {
        JsonNode acl = ofType("AWS::WAFv2::WebACL").getFirst();
        assertThat(acl.path("Scope").asText()).isEqualTo("REGIONAL");
        assertThat(acl.path("Rules")).extracting(r -> r.at("/Statement/ManagedRuleGroupStatement/Name").asText())
                .contains("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList");
        // 1 MiB documents must pass the common rule set's 8 KB body limit.
        assertThat(acl.path("Rules").toString()).contains("SizeRestrictions_BODY");
        template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
    }

    // ---- observability ----

    @Test
    void dashboardAndAlarms_coverTheSystem_andPageThroughAnEncryptedTopic() {
        template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
        template.hasResourceProperties("AWS::SNS::Subscription", Match.objectLike(Map.of("Protocol", "email", "Endpoint", "oncall@example.org")));
        List<String> paging = ofType("AWS::CloudWatch::Alarm").stream().filter(a -> a.has("AlarmActions"))
                .map(a -> a.path("AlarmName").asText()).toList();
        assertThat(paging).contains("tandem-prod-ApiLatency", "tandem-prod-ApiErrors", "tandem-prod-GovernanceDlq",
                "tandem-prod-GovernanceQueueAge", "tandem-prod-agent-tasks", "tandem-prod-ReviewBacklog",
                "tandem-prod-document-compliance-executions-failed");
        String dashboard = ofType("AWS::CloudWatch::Dashboard").getFirst().path("DashboardBody").toString();
        assertThat(dashboard).contains("API latency", "document-compliance: step durations", "document-compliance: executions", "Agent CPU and memory", "Agent running tasks",
                "DLQ depth", "document-compliance: decisions by outcome", "document-compliance: governed step", "governance queue lag",
                "Review backlog");
    }

    @Test
    void uncheckedSamples_arePurgedByTheReviewTablesTimeToLive() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("TableName", "tandem-prod-reviews",
                "TimeToLiveSpecification", Map.of("AttributeName", dev.tandem.contracts.infra.Tables.Reviews.PURGE_AT, "Enabled", true))));
    }

    @Test
    void theStagesSampleRate_reachesTheMeasurer_andOnlyWhereTheStageSetsOne() {
        String measurer = TandemFunction.RECORD_JOB_KPIS.logicalName();
        JsonNode prod = ofType("AWS::Lambda::Function").stream().filter(f -> f.path("FunctionName").asText().endsWith("-" + measurer))
                .findFirst().orElseThrow();
        assertThat(prod.at("/Environment/Variables").has(dev.tandem.contracts.infra.ConfigKey.REVIEW_SAMPLE_RATE.environmentVariable()))
                .as("prod samples at each pipeline's own rate").isFalse();
        software.amazon.awscdk.App app = new software.amazon.awscdk.App(software.amazon.awscdk.AppProps.builder()
                .context(Map.of("stage", "staging", "reviewSampleRate", "0.25")).build());
        assertThat(dev.tandem.cdk.app.StageConfig.fromContext(app.getNode()).reviewSampleRate()).isEqualTo(0.25);
        software.amazon.awscdk.App local = new software.amazon.awscdk.App(software.amazon.awscdk.AppProps.builder()
                .context(Map.of("stage", "local")).build());
        assertThat(dev.tandem.cdk.app.StageConfig.fromContext(local.getNode()).reviewSampleRate()).as("the local stack checks every one").isEqualTo(1.0);
        software.amazon.awscdk.App wrong = new software.amazon.awscdk.App(software.amazon.awscdk.AppProps.builder()
                .context(Map.of("stage", "dev", "reviewSampleRate", "2")).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.tandem.cdk.app.StageConfig.fromContext(wrong.getNode()))
                .hasMessageContaining("reviewSampleRate must be in [0, 1]");
    }

    @Test
    void eachPipeline_hasASavedQueryThatFollowsAJob_overEveryFunctionsLogGroupAndTheAgents() {
        // Logical ids of the functions' and the agent's log groups.
        Set<String> lambdaGroups = new HashSet<>();
        Set<String> agentGroups = new HashSet<>();
        resources.fieldNames().forEachRemaining(id -> {
            JsonNode r = resources.path(id);
            if (r.path("Type").asText().equals("AWS::Logs::LogGroup")) {
                String name = r.at("/Properties/LogGroupName").asText();
                if (name.startsWith("/aws/lambda/tandem-prod-")) {
                    lambdaGroups.add(id);
                } else if (name.equals("/ecs/tandem-prod-agent")) {
                    agentGroups.add(id);
                }
            }
        });
        List<JsonNode> queries = ofType("AWS::Logs::QueryDefinition");
        assertThat(queries).hasSize(Pipelines.all().size());
        for (dev.tandem.contracts.pipeline.spi.PipelineDefinition pipeline : Pipelines.all()) {
            JsonNode query = queries.stream().filter(q -> q.path("Name").asText().equals("tandem-prod/" + pipeline.name() + "/follow-a-job"))
                    .findFirst().orElseThrow();
            Set<String> read = new HashSet<>();
            query.path("LogGroupNames").forEach(g -> read.add(g.path("Ref").asText()));
            assertThat(read).hasSizeLessThanOrEqualTo(50).containsAll(agentGroups);
            // The platform's functions and this pipeline's steps (the deployed names say whose a function is).
            Set<String> expected = new HashSet<>(agentGroups);
            lambdaGroups.stream().filter(id -> {
                String name = resources.at("/" + id + "/Properties/LogGroupName").asText();
                boolean otherPipeline = Pipelines.all().stream().anyMatch(other -> !other.name().equals(pipeline.name())
                        && name.startsWith("/aws/lambda/tandem-prod-" + other.name() + "-"));
                return !otherPipeline;
            }).forEach(expected::add);
            assertThat(read).isEqualTo(expected);
            assertThat(query.path("QueryString").asText()).contains("filter " + LogField.JOB_ID.key() + " = ", LogField.TRACE_ID.key(),
                    LogField.STEP.key(), "sort @timestamp asc");
        }
    }

    @Test
    void everyTandemMetricTheDashboardOrAnAlarmReads_isOneTheCodePublishes() {
        List<PublishedMetrics.Metric> read = new ArrayList<>();
        // The dashboard body is a Fn::Join of literal JSON and references: join it with placeholders, then parse.
        StringBuilder body = new StringBuilder();
        ofType("AWS::CloudWatch::Dashboard").getFirst().path("DashboardBody").path("Fn::Join").path(1)
                .forEach(part -> body.append(part.isTextual() ? part.asText() : "REF"));
        Json.read(body.toString(), JsonNode.class).path("widgets").forEach(w -> w.path("properties").path("metrics").forEach(m -> {
            List<String> dims = new ArrayList<>();
            for (int i = 2; i + 1 < m.size() && m.get(i).isTextual(); i += 2) {
                dims.add(m.get(i).asText());
            }
            if (m.get(0).isTextual() && m.size() > 1 && m.get(1).isTextual()) {
                read.add(new PublishedMetrics.Metric(m.get(0).asText(), m.get(1).asText(), dims));
            }
        }));
        for (JsonNode alarm : ofType("AWS::CloudWatch::Alarm")) {
            List<JsonNode> metrics = new ArrayList<>();
            if (alarm.has("MetricName")) {
                metrics.add(alarm);
            }
            alarm.path("Metrics").forEach(q -> {
                if (q.has("MetricStat")) {
                    metrics.add(q.path("MetricStat").path("Metric"));
                }
            });
            for (JsonNode m : metrics) {
                List<String> dims = new ArrayList<>();
                m.path("Dimensions").forEach(d -> dims.add(d.path("Name").asText()));
                read.add(new PublishedMetrics.Metric(m.path("Namespace").asText(), m.path("MetricName").asText(), dims));
            }
        }
        // CloudWatch identifies a metric by its namespace, name and set of dimensions: their order does not matter.
        java.util.function.Function<PublishedMetrics.Metric, PublishedMetrics.Metric> bySet = m -> new PublishedMetrics.Metric(m.namespace(),
                m.name(), m.dimensions().stream().sorted().toList());
        List<PublishedMetrics.Metric> ours = read.stream().filter(m -> m.namespace().startsWith("Tandem")).map(bySet).distinct().toList();
        assertThat(ours).as("Tandem metrics read by the dashboard and alarms").isNotEmpty();
        assertThat(PublishedMetrics.ALL.stream().map(bySet).toList()).containsAll(ours);
        assertThat(ours).contains(bySet.apply(PublishedMetrics.AGENT_DECISIONS), bySet.apply(PublishedMetrics.AGENT_STEP),
                bySet.apply(PublishedMetrics.AGENT_QUEUE_LAG), bySet.apply(PublishedMetrics.REVIEW_BACKLOG));
    }
}
