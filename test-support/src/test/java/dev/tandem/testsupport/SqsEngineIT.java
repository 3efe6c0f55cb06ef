package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@AwsEngines
class SqsEngineIT {

    @Test
    void receivedMessage_isInvisibleUntilItsTimeoutThenRedelivered(SqsClient sqs) throws InterruptedException {
        String queueUrl = sqs.createQueue(b -> b.queueName("engine-it-" + UUID.randomUUID())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"jobId\":\"j-1\"}"));

        Message first = receiveOne(sqs, queueUrl, 1);
        assertThat(first.body()).isEqualTo("{\"jobId\":\"j-1\"}");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(0)).messages())
                .as("in flight, so invisible").isEmpty();

        Thread.sleep(1_500);
        Message second = receiveOne(sqs, queueUrl, 1);
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");

        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(second.receiptHandle()));
        Thread.sleep(1_500);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(0)).messages())
                .as("deleted, so gone for good").isEmpty();
    }

    @Test
    void changeMessageVisibility_toZero_makesTheMessageVisibleAtOnce(SqsClient sqs) {
        String queueUrl = sqs.createQueue(b -> b.queueName("engine-it-" + UUID.randomUUID())).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("release me"));
        Message held = receiveOne(sqs, queueUrl, 60);

        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(held.receiptHandle()).visibilityTimeout(0));

        assertThat(receiveOne(sqs, queueUrl, 60).messageId()).isEqualTo(held.messageId());
    }

    private static Message receiveOne(SqsClient sqs, String queueUrl, int visibilitySeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                .visibilityTimeout(visibilitySeconds).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }
}
