package dev.tandem.agent.govern;

import dev.tandem.agent.observability.AgentMetrics;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PolicyDecision;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The Step Functions task-token callbacks. A token the workflow no longer waits for (the step timed
 * out, was retried, or the execution ended) is not an error of the agent: it is reported as
 * {@link Delivery#TASK_CLOSED}. Anything else (throttling, an outage) propagates, and the message is
 * retried later.
 */
@Singleton
public class TaskCallbacks {

    /** What became of a callback. */
    public enum Delivery { DELIVERED, TASK_CLOSED }

    /** SendTaskFailure limits: error 256 characters, cause 32,768. */
    private static final int MAX_ERROR = 256;
    private static final int MAX_CAUSE = 32_768;

    private final SfnClient sfn;
    private final AgentMetrics metrics;

    public TaskCallbacks(SfnClient sfn, AgentMetrics metrics) {
        this.sfn = sfn;
        this.metrics = metrics;
    }

    public Delivery success(String taskToken, PolicyDecision decision) {
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(Json.write(decision)));
            return Delivery.DELIVERED;
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            return Delivery.TASK_CLOSED;
        }
    }

    public Delivery failure(String taskToken, String error, String cause) {
        try {
            sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(truncate(error, MAX_ERROR)).cause(truncate(cause, MAX_CAUSE)));
            metrics.taskFailed(error);
            return Delivery.DELIVERED;
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            return Delivery.TASK_CLOSED;
        }
    }

    /** True if the workflow still waits for the token. */
    public boolean heartbeat(String taskToken) {
        try {
            sfn.sendTaskHeartbeat(b -> b.taskToken(taskToken));
            return true;
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            return false;
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
