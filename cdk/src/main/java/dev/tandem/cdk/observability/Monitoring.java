package dev.tandem.cdk.observability;

import dev.tandem.cdk.agent.AgentService;
import dev.tandem.cdk.app.Nag;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.data.Messaging;
import dev.tandem.cdk.functions.LambdaFunctions;
import dev.tandem.cdk.pipeline.PipelineDeployment;
import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.infra.PublishedMetrics;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.pipeline.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.QueryDefinition;
import software.amazon.awscdk.services.logs.QueryString;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The operators' view: one dashboard (API, per-step durations, executions, agent, queues, decisions,
 * review backlog) and the alarms that page, all to one KMS-encrypted SNS topic.
 */
public final class Monitoring extends Construct {


    public record Props(StageConfig stage, RestApi api, LambdaFunctions functions, List<PipelineDeployment> pipelines, Messaging messaging,
                        AgentService agent) {
    }

    private final Topic topic;
    private final Dashboard dashboard;
    private final String prefix;

    public Monitoring(Construct scope, String id, Props p) {
        super(scope, id);
        StageConfig stage = p.stage();
        this.prefix = stage.prefix();
        Key key = Key.Builder.create(this, "AlarmsKey").description("Tandem " + stage.name() + " alarm topic").enableKeyRotation(true).build();
        // CloudWatch alarms publish to the encrypted topic.
        key.addToResourcePolicy(PolicyStatement.Builder.create().principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*")).resources(List.of("*")).build());
        this.topic = Topic.Builder.create(this, "Alarms").topicName(stage.prefix() + "-alarms").masterKey(key).enforceSsl(true).build();
        if (stage.alarmEmail() != null) {
            var email = new EmailSubscription(stage.alarmEmail());
            topic.addSubscription(email);
            Nag.suppress(topic, "Serverless-SNSRedrivePolicy", "The only subscription is an operator's e-mail; failed deliveries show in the topic's "
                    + "NumberOfNotificationsFailed metric, and the alarm stays in ALARM in CloudWatch.");
        }
        Duration minute = Duration.minutes(1);
        MetricOptions p99 = MetricOptions.builder().statistic("p99").period(minute).build();
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(minute).build();

        IMetric apiP99 = p.api().metricLatency(p99);
        MathExpression apiErrorRate = MathExpression.Builder.create().expression("100 * errors / MAX([requests, 1])")
                .usingMetrics(Map.of("errors", p.api().metricServerError(sum), "requests", p.api().metricCount(sum)))
                .label("API 5XX %").period(minute).build();
        Metric running = Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                .dimensionsMap(Map.of("ClusterName", p.agent().cluster().getClusterName(), "ServiceName", stage.prefix() + "-agent"))
                .statistic("Average").period(minute).build();
        Metric backlog = Metric.Builder.create().namespace(Stages.METRICS_NAMESPACE).metricName(Stages.REVIEW_BACKLOG_METRIC)
                .dimensionsMap(Map.of(Stages.STAGE_DIMENSION, stage.name())).statistic("Maximum").period(Duration.minutes(5)).build();
        IMetric dlqDepth = p.messaging().deadLetters().metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(minute).build());
        IMetric queueAge = p.messaging().governance().metricApproximateAgeOfOldestMessage(
                MetricOptions.builder().statistic("Maximum").period(minute).build());

        alarm("ApiLatency", "API p99 latency over the 3 s SLA", apiP99, 3000, 3, 5);
        alarm("ApiErrors", "API 5XX responses over 1% of requests", apiErrorRate, 1, 3, 5);
        alarm("GovernanceDlq", "Govern messages in the dead-letter queue: invalid tasks need an operator", dlqDepth, 1, 1, 1);
        alarm("GovernanceQueueAge", "Govern messages waiting over 5 minutes: the agent is not consuming", queueAge, 300, 3, 5);
        if (stage.agentMinTasks() > 0) {
            Alarm agentDown = Alarm.Builder.create(this, "AgentTasks")
                    .alarmName(stage.prefix() + "-agent-tasks")
                    .alarmDescription("Fewer agent tasks running than the warm pool (" + stage.agentMinTasks() + ")")
                    .metric(running).threshold(stage.agentMinTasks()).evaluationPeriods(5).datapointsToAlarm(3)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .treatMissingData(TreatMissingData.BREACHING).build();
            agentDown.addAlarmAction(new SnsAction(topic));
        }
        alarm("ReviewBacklog", "More than 50 review items pending", backlog, 50, 6, 12);
        p.pipelines().forEach(pipeline -> pipeline.orchestration().failures().addAlarmAction(new SnsAction(topic)));
        for (PipelineDeployment pipeline : p.pipelines()) {
            String alarmId = PipelineDeployment.constructId(pipeline.pipeline().name());
            String name = pipeline.pipeline().name();
            // Drift and a coming SLA breach page before a static threshold would: CloudWatch anomaly detection learns each
            // series' usual band (hour of day, day of week) and alarms when it leaves it.
            anomalyAlarm(alarmId + "TimeToValueP99Anomaly", "Time to value of " + name + " at p99 above its usual band: the SLA is at risk",
                    PublishedMetrics.JOB_TIME_TO_VALUE, "p99", name);
            anomalyAlarm(alarmId + "FeaturesAnomaly", "Features per " + name + " job (e.g. findings) outside their usual band: the input "
                    + "data or the model drifts", PublishedMetrics.JOB_FEATURES, "Average", name);
            for (String outcome : List.of("REJECTED", "FAILED")) {
                anomalyAlarm(alarmId + "Outcome" + outcome.charAt(0) + outcome.substring(1).toLowerCase(java.util.Locale.ROOT) + "Anomaly",
                        "More " + name + " jobs ending " + outcome + " than usual: the outcome mix drifts (model, policy bundle or data)",
                        PublishedMetrics.JOB_OUTCOME, "Sum", name, outcome);
            }
            // The latency a pipeline promises: each agent step's p99 against the SLO its blueprint declares, and the time from
            // submission to the governed decision against the pipeline's target, where it sets one.
            pipeline.pipeline().blueprint().all().filter(s -> s.placement() == dev.tandem.contracts.blueprint.Placement.AGENT).forEach(step ->
                    alarm(alarmId + step.name() + "Slo", name + "'s agent step " + step.name() + " at p99 over its "
                                    + step.profile().latencySlo().toMillis() + " ms SLO (message received to decision reported)",
                            metric(PublishedMetrics.AGENT_STEP, "p99", minute, step.name() + " p99", name, step.name()), step.profile().latencySlo().toMillis(), 3, 5));
            if (pipeline.pipeline().acceptsEvents()) {
                alarm(alarmId + "SubmissionEventsRejected", name + ": submission events refused (records under "
                                + dev.tandem.contracts.infra.JobEventNames.REJECTED_PREFIX + " in the documents bucket): a sender is misconfigured",
                        metric(PublishedMetrics.SUBMISSIONS_REJECTED, "Sum", Duration.minutes(5), "refused submission events", name), 3, 2, 3);
            }
            java.time.Duration decisionTarget = pipeline.pipeline().kpiTargets().timeToDecisionP99();
            if (decisionTarget != null) {
                alarm(alarmId + "TimeToDecisionSlo", name + ": submission to decision at p99 over its " + decisionTarget.toMillis() + " ms target",
                        metric(PublishedMetrics.JOB_TIME_TO_DECISION, "p99", minute, "time to decision p99", name), decisionTarget.toMillis(), 3, 5);
            }
            alarm(alarmId + "FailureEventsDlq", "Failed executions of "
                    + pipeline.pipeline().name() + " whose jobs the error handler could not mark within a day (they still show RUNNING)",
                    pipeline.orchestration().failureDeadLetters().metricApproximateNumberOfMessagesVisible(
                            MetricOptions.builder().statistic("Maximum").period(minute).build()), 1, 1, 1);
        }

        List<IMetric> apiDurations = new ArrayList<>();
        p.functions().aliases().forEach((name, alias) -> apiDurations.add(alias.metricDuration(
                MetricOptions.builder().statistic("p99").period(minute).label(name + " p99").build())));
        Metric agentQueueLag = Metric.Builder.create().namespace(Stages.METRICS_NAMESPACE).metricName(Stages.AGENT_QUEUE_LAG_METRIC)
                .statistic("p99").period(minute).label("queue lag p99 (ms)").build();
        Metric agentHeartbeatFailures = Metric.Builder.create().namespace(Stages.METRICS_NAMESPACE).metricName(Stages.AGENT_HEARTBEAT_FAILURES_METRIC)
                .statistic("Sum").period(Duration.minutes(5)).label("heartbeat failures").build();
        this.dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(stage.prefix() + "-operations").build();
        dashboard.addWidgets(TextWidget.Builder.create().markdown("# Tandem " + stage.name()
                + "\nAPI, agent, queues, decisions and review backlog; then a section per pipeline (executions and step durations). "
                + "Alarms go to SNS topic `"
                + stage.prefix() + "-alarms`.").width(24).height(2).build());
        dashboard.addWidgets(
                graph("API latency", List.of(p.api().metricLatency(MetricOptions.builder().statistic("p50").period(minute).build()), apiP99)),
                graph("API errors", List.of(p.api().metricClientError(sum), p.api().metricServerError(sum))),
                graph("API function durations (p99)", apiDurations));
        dashboard.addWidgets(
                graph("Agent CPU and memory (%)", List.of(p.agent().service().metricCpuUtilization(), p.agent().service().metricMemoryUtilization())),
                graph("Agent running tasks", List.of(running)),
                graph("Governance queue: oldest message (s) and DLQ depth", List.of(queueAge, dlqDepth)));
        dashboard.addWidgets(
                graph("Agent: governance queue lag (p99 ms), heartbeat failures", List.of(agentQueueLag, agentHeartbeatFailures)),
                graph("Review backlog", List.of(backlog)));
        for (PipelineDeployment pipeline : p.pipelines()) {
            followAJob(pipeline, p);
        }
        for (PipelineDeployment pipeline : p.pipelines()) {
            var sm = pipeline.orchestration().stateMachine();
            List<IMetric> stepDurations = new ArrayList<>();
            pipeline.functions().aliases().forEach((name, alias) -> stepDurations.add(alias.metricDuration(
                    MetricOptions.builder().statistic("p99").period(minute).label(name + " p99").build())));
            dashboard.addWidgets(TextWidget.Builder.create().markdown("## Pipeline " + pipeline.pipeline().name() + " "
                    + pipeline.pipeline().blueprint().version()).width(24).height(1).build());
            String name = pipeline.pipeline().name();
            Duration fiveMinutes = Duration.minutes(5);
            dashboard.addWidgets(
                    graph(name + ": executions",
                            List.of(sm.metricStarted(sum), sm.metricSucceeded(sum), sm.metricFailed(sum), sm.metricTimedOut(sum))),
                    graph(name + ": step durations (p99)", stepDurations),
                    graph(name + ": time to value (p50, p99)", List.of(
                            jobMetric(Stages.JOB_TIME_TO_VALUE_METRIC, name, "p50", fiveMinutes),
                            jobMetric(Stages.JOB_TIME_TO_VALUE_METRIC, name, "p99", fiveMinutes))));
            List<IMetric> decisions = new ArrayList<>();
            for (Outcome outcome : Outcome.values()) {
                decisions.add(metric(PublishedMetrics.AGENT_DECISIONS, "Sum", fiveMinutes, outcome.name(), name, outcome.name()));
            }
            List<IMetric> verdicts = new ArrayList<>();
            for (dev.tandem.contracts.api.JobKpis.Review.Verdict verdict : dev.tandem.contracts.api.JobKpis.Review.Verdict.values()) {
                verdicts.add(metric(PublishedMetrics.JOB_REVIEWS, "Sum", fiveMinutes, verdict.name(), name, verdict.name()));
            }
            dashboard.addWidgets(
                    graph(name + ": decisions by outcome", decisions),
                    graph(name + ": reviews by verdict", verdicts),
                    graph(name + ": governed steps and policy evaluation (p99 ms)", governed(pipeline, fiveMinutes)));
            dashboard.addWidgets(
                    graph(name + ": cost per job (USD, mean)", List.of(jobMetric(Stages.JOB_COST_METRIC, name, "Average", fiveMinutes))),
                    graph(name + ": per job: transitions, Lambda GB-s, agent s (mean)", List.of(
                            jobMetric(Stages.JOB_TRANSITIONS_METRIC, name, "Average", fiveMinutes),
                            jobMetric(Stages.JOB_GB_SECONDS_METRIC, name, "Average", fiveMinutes),
                            jobMetric(Stages.JOB_AGENT_SECONDS_METRIC, name, "Average", fiveMinutes))),
                    graph(name + ": per job: model invocations, tokens in and out, features (mean)", List.of(
                            jobMetric(Stages.JOB_MODEL_INVOCATIONS_METRIC, name, "Average", fiveMinutes),
                            jobMetric(Stages.JOB_MODEL_INPUT_TOKENS_METRIC, name, "Average", fiveMinutes),
                            jobMetric(Stages.JOB_MODEL_OUTPUT_TOKENS_METRIC, name, "Average", fiveMinutes),
                            jobMetric(Stages.JOB_FEATURES_METRIC, name, "Average", fiveMinutes))));
        }
    }

    /**
     * A saved CloudWatch Logs Insights query per pipeline that follows one job through its log lines: the platform's
     * functions, the pipeline's steps and the agent write the same top-level fields ({@link LogField}), so one filter on
     * {@code jobId} finds them all, in order. Per pipeline, so the log groups stay within the 50 a query may read.
     */
    private void followAJob(PipelineDeployment pipeline, Props p) {
        List<ILogGroup> groups = new ArrayList<>(p.functions().logGroups());
        groups.addAll(pipeline.functions().logGroups());
        groups.add(p.agent().logGroup());
        QueryDefinition.Builder.create(this, PipelineDeployment.constructId(pipeline.pipeline().name()) + "FollowAJob")
                .queryDefinitionName(prefix + "/" + pipeline.pipeline().name() + "/follow-a-job")
                .logGroups(groups)
                .queryString(QueryString.Builder.create()
                        .fields(List.of("@timestamp", LogField.PIPELINE.key(), LogField.STEP.key(), "service", "level", "message",
                                LogField.TRACE_ID.key(), LogField.CORRELATION_ID.key()))
                        .filterStatements(List.of(LogField.JOB_ID.key() + " = \"<jobId>\""))
                        .sort("@timestamp asc").limit(1000).build())
                .build();
    }

    /** Each governed step's latency (p99) and the pipeline's policy evaluation (p99). */
    private static List<IMetric> governed(PipelineDeployment pipeline, Duration period) {
        String name = pipeline.pipeline().name();
        List<IMetric> out = new ArrayList<>();
        pipeline.pipeline().blueprint().steps().stream().filter(s -> s.placement() == dev.tandem.contracts.blueprint.Placement.AGENT)
                .forEach(s -> out.add(metric(PublishedMetrics.AGENT_STEP, "p99", period, s.name() + " p99", name, s.name())));
        out.add(jobMetric(Stages.AGENT_EVALUATION_METRIC, name, "p99", period));
        return out;
    }

    /** A metric the code publishes, with a value for each of its dimensions. */
    private static Metric metric(PublishedMetrics.Metric published, String statistic, Duration period, String label, String... dimensionValues) {
        return Metric.Builder.create().namespace(published.namespace()).metricName(published.name())
                .dimensionsMap(published.dimensionValues(dimensionValues)).statistic(statistic).period(period).label(label).build();
    }

    /** Alarms when the metric leaves the band anomaly detection learned for it (2 standard deviations), 2 of 3 periods of 5 min. */
    private void anomalyAlarm(String id, String description, PublishedMetrics.Metric metric, String statistic, String... dimensionValues) {
        List<CfnAlarm.DimensionProperty> dims = new ArrayList<>();
        metric.dimensionValues(dimensionValues).forEach((k, v) -> dims.add(CfnAlarm.DimensionProperty.builder().name(k).value(v).build()));
        CfnAlarm.Builder.create(this, id)
                .alarmName(prefix + "-" + id)
                .alarmDescription(description)
                .comparisonOperator("GreaterThanUpperThreshold")
                .evaluationPeriods(3).datapointsToAlarm(2)
                .thresholdMetricId("band")
                .treatMissingData("notBreaching")
                .metrics(List.of(
                        CfnAlarm.MetricDataQueryProperty.builder().id("m1").returnData(true)
                                .metricStat(CfnAlarm.MetricStatProperty.builder().stat(statistic).period(300)
                                        .metric(CfnAlarm.MetricProperty.builder().namespace(metric.namespace()).metricName(metric.name())
                                                .dimensions(dims).build()).build()).build(),
                        CfnAlarm.MetricDataQueryProperty.builder().id("band").returnData(true).label("usual band")
                                .expression("ANOMALY_DETECTION_BAND(m1, 2)").build()))
                .alarmActions(List.of(topic.getTopicArn()))
                .build();
    }

    /** A metric of a pipeline (dimension Pipeline): the per-job KPIs ({@code RecordJobKpis}'s EMF) or the agent's. */
    private static Metric jobMetric(String metric, String pipeline, String statistic, Duration period) {
        return Metric.Builder.create().namespace(Stages.METRICS_NAMESPACE).metricName(metric)
                .dimensionsMap(Map.of(Stages.PIPELINE_DIMENSION, pipeline)).statistic(statistic).period(period)
                .label(metric + " " + statistic).build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int datapoints, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(prefix + "-" + id)
                .alarmDescription(description)
                .metric(metric).threshold(threshold).evaluationPeriods(periods).datapointsToAlarm(datapoints)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(8).height(6).build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
