package dev.tandem.functions.kpis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** An execution's history, shaped as Step Functions returns it, read into what the job used. */
class ExecutionUsageTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final List<HistoryEvent> history = new ArrayList<>();

    private long event(HistoryEventType type, long atMillis, Long previous, java.util.function.Consumer<HistoryEvent.Builder> details) {
        HistoryEvent.Builder b = HistoryEvent.builder().id((long) history.size() + 1).type(type).timestamp(T0.plusMillis(atMillis));
        if (previous != null) {
            b.previousEventId(previous);
        }
        details.accept(b);
        history.add(b.build());
        return history.size();
    }

    private long entered(String state, long at) {
        return event(HistoryEventType.TASK_STATE_ENTERED, at, null, b -> b.stateEnteredEventDetails(d -> d.name(state)));
    }

    private void lambda(String function, long start, long end, boolean succeeded) {
        long scheduled = event(HistoryEventType.LAMBDA_FUNCTION_SCHEDULED, start, null,
                b -> b.lambdaFunctionScheduledEventDetails(d -> d.resource("arn:aws:lambda:eu-west-1:1:function:tandem-dev-example-" + function + ":live")));
        long started = event(HistoryEventType.LAMBDA_FUNCTION_STARTED, start + 5, scheduled, b -> { });
        event(succeeded ? HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED : HistoryEventType.LAMBDA_FUNCTION_FAILED, end, started, b -> { });
    }

    @Test
    void transitionsLambdaRunsAndAgentTasks_areCountedAndTimed_withTheStepsMemory() {
        Blueprint blueprint = new ExamplePipeline().blueprint();
        entered("Check", 0);
        lambda("Check", 10, 1_015, true);            // 1,000 ms from started
        lambda("Check", 1_100, 1_605, false);        // a retry: 500 ms, failed
        entered("Decide", 2_000);
        long scheduled = event(HistoryEventType.TASK_SCHEDULED, 2_010, null, b -> b.taskScheduledEventDetails(d -> d.resourceType("sqs")
                .resource("sendMessage.waitForTaskToken").parameters("{\"QueueUrl\":\"q\",\"MessageBody\":{\"step\":\"Decide\"}}")));
        long started = event(HistoryEventType.TASK_STARTED, 2_020, scheduled, b -> { });
        long submitted = event(HistoryEventType.TASK_SUBMITTED, 2_030, started, b -> { });
        event(HistoryEventType.TASK_SUCCEEDED, 5_010, submitted, b -> { });

        ExecutionUsage usage = ExecutionUsage.of(history, blueprint);

        int checkMemory = blueprint.step("Check").profile().memoryMb();
        assertThat(usage.stateTransitions()).isEqualTo(2);
        JobKpis.StepUsage check = usage.steps().get("Check");
        assertThat(check.placement()).isEqualTo("FUNCTION");
        assertThat(check.invocations()).isEqualTo(2);
        assertThat(check.millis()).isEqualTo(1_500);
        assertThat(check.gbSeconds()).isCloseTo(1.5 * checkMemory / 1024.0, within(1e-6));
        JobKpis.StepUsage decide = usage.steps().get("Decide");
        assertThat(decide.placement()).isEqualTo("AGENT");
        assertThat(decide.invocations()).isEqualTo(1);
        assertThat(decide.millis()).as("scheduled to succeeded: queue wait included").isEqualTo(3_000);
        assertThat(decide.gbSeconds()).isZero();
        assertThat(usage.reviewMillis()).isNull();
    }

    @Test
    void aHumanReview_isTheWaitAfterItsFunctionQueuedIt_andATimeoutIsKnown() {
        long scheduled = event(HistoryEventType.TASK_SCHEDULED, 0, null, b -> b.taskScheduledEventDetails(d -> d.resourceType("lambda")
                .resource("invoke.waitForTaskToken").parameters("{\"FunctionName\":\"arn:aws:lambda:eu-west-1:1:function:tandem-dev-example-RequestReview:live\"}")));
        long started = event(HistoryEventType.TASK_STARTED, 10, scheduled, b -> { });
        long submitted = event(HistoryEventType.TASK_SUBMITTED, 400, started, b -> { });
        event(HistoryEventType.TASK_TIMED_OUT, 60_400, submitted, b -> { });

        ExecutionUsage usage = ExecutionUsage.of(history, new ExamplePipeline().blueprint());

        assertThat(usage.reviewMillis()).isEqualTo(60_000);
        assertThat(usage.reviewTimedOut()).isTrue();
        assertThat(usage.steps().get("RequestReview").invocations()).isEqualTo(1);
        assertThat(usage.steps().get("RequestReview").millis()).isEqualTo(400);
    }

    @Test
    void aFunctionsHandler_isTheLastPartOfItsName() {
        assertThat(ExecutionUsage.handlerOf("arn:aws:lambda:eu-west-1:123456789012:function:tandem-dev-document-compliance-AnalyzeChunk:live"))
                .isEqualTo("AnalyzeChunk");
        assertThat(ExecutionUsage.handlerOf("tandem-local-claims-check-Check")).isEqualTo("Check");
    }
}
