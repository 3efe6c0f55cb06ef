package dev.tandem.cdk.orchestration;

import dev.tandem.cdk.app.Nag;
import dev.tandem.contracts.infra.ExecutionEvents;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Rules on Step Functions' own "Execution Status Change" events ({@link ExecutionEvents}): the events of these state
 * machines in these statuses go to a function, which EventBridge retries for up to a day (185 attempts); what it cannot
 * deliver goes to the rule's dead-letter queue (SQS-managed encryption, TLS only, kept 14 days), which its owner alarms on.
 */
public final class ExecutionStatusRules {

    private ExecutionStatusRules() {
    }

    /** Creates the rule and its dead-letter queue (returned) under {@code scope}, with these construct ids. */
    public static Queue route(Construct scope, String ruleId, String queueId, String description, List<String> statuses,
                              List<String> stateMachineArns, IFunction target) {
        Queue deadLetters = Queue.Builder.create(scope, queueId)
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        Nag.suppress(deadLetters, "AwsSolutions-SQS3", "This is the dead-letter queue of the rule " + ruleId + "'s target.");
        Nag.suppress(deadLetters, "Serverless-SQSRedrivePolicy", "This is a dead-letter queue: messages end here.");
        Rule.Builder.create(scope, ruleId)
                .description(description)
                .eventPattern(EventPattern.builder().source(List.of(ExecutionEvents.SOURCE)).detailType(List.of(ExecutionEvents.STATUS_CHANGE))
                        .detail(Map.of("status", statuses, "stateMachineArn", stateMachineArns))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(target).retryAttempts(185).maxEventAge(Duration.hours(24))
                        .deadLetterQueue(deadLetters).build()))
                .build();
        return deadLetters;
    }
}
