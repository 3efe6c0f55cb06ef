package dev.tandem.cdk.data;

import dev.tandem.cdk.app.Nag;
import dev.tandem.contracts.infra.Stages;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The governance queue the workflow's Govern state sends to, and its dead-letter queue. A message that
 * cannot be governed (the agent fails its task with {@code Tandem.InvalidTask}) is received
 * {@link #MAX_RECEIVE_COUNT} times and then moved to the DLQ for an operator.
 */
public final class Messaging extends Construct {

    public static final int MAX_RECEIVE_COUNT = Stages.GOVERNANCE_MAX_RECEIVE_COUNT;

    private final Queue governance;
    private final Queue deadLetters;

    public Messaging(Construct scope, String id, String stage, IKey key) {
        super(scope, id);
        this.deadLetters = Queue.Builder.create(this, "GovernanceDlq")
                .queueName(Stages.governanceDeadLetterQueue(stage))
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.suppress(deadLetters, "AwsSolutions-SQS3", "This is the dead-letter queue; an operator drains it after an alarm.");
        Nag.suppress(deadLetters, "Serverless-SQSRedrivePolicy", "This is the dead-letter queue; an operator drains it after an alarm.");
        this.governance = Queue.Builder.create(this, "GovernanceQueue")
                .queueName(Stages.governanceQueue(stage))
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .dataKeyReuse(Duration.hours(1))
                .enforceSsl(true)
                // The agent extends visibility with its heartbeats; this is the hold of a crashed agent.
                .visibilityTimeout(Duration.seconds(60))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
    }

    public Queue governance() {
        return governance;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
