package dev.tandem.agent.intake;

import dev.tandem.agent.config.AgentConfig;
import dev.tandem.agent.govern.Disposition;
import dev.tandem.agent.govern.Governor;
import dev.tandem.agent.govern.InvalidTaskException;
import dev.tandem.agent.govern.TaskCallbacks;
import dev.tandem.agent.observability.AgentMetrics;
import dev.tandem.agent.observability.AgentTracing;
import dev.tandem.contracts.pipeline.GovernTask;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

/**
 * The governance queue worker. One thread long-polls the queue for as many messages as there are free
 * slots; each message runs on a bounded pool ({@code tandem.agent.concurrency}). While a step runs, a
 * heartbeat extends the message's visibility and sends SendTaskHeartbeat, so neither SQS nor the
 * workflow gives up on a step that is still working.
 *
 * <p>Shutdown (SIGTERM from ECS): polling stops, in-flight steps get {@code shutdown-grace} to finish,
 * and any message still unfinished is made visible again at once, so another task takes it over.
 * Because the case is durable, the takeover re-reports a stored decision instead of deciding twice.
 */
@Singleton
public class GovernanceWorker implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(GovernanceWorker.class);

    private final SqsClient sqs;
    private final Governor governor;
    private final TaskCallbacks callbacks;
    private final AgentMetrics metrics;
    private final AgentTracing tracing;
    private final AgentConfig config;
    private final Semaphore slots;
    private final ExecutorService steps;
    private final ScheduledExecutorService heartbeats;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile Thread poller;
    private volatile Instant lastPoll;

    public GovernanceWorker(SqsClient sqs, Governor governor, TaskCallbacks callbacks, AgentMetrics metrics, AgentTracing tracing,
                            AgentConfig config) {
        this.sqs = sqs;
        this.governor = governor;
        this.callbacks = callbacks;
        this.metrics = metrics;
        this.tracing = tracing;
        this.config = config;
        this.slots = new Semaphore(config.concurrency());
        this.steps = Executors.newFixedThreadPool(config.concurrency(), Thread.ofPlatform().name("govern-", 0).factory());
        this.heartbeats = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("heartbeat-", 0).daemon().factory());
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        start();
    }

    public synchronized void start() {
        if (polling.compareAndSet(false, true)) {
            poller = Thread.ofPlatform().name("governance-poller").start(this::poll);
            LOG.info("polling {} with concurrency {}", config.queueUrl(), config.concurrency());
        }
    }

    /** True while the poller runs and has completed a receive within the last two wait periods. */
    public boolean healthy() {
        Instant last = lastPoll;
        return polling.get() && poller != null && poller.isAlive()
                && (last == null || last.isAfter(Instant.now().minus(config.waitTime().multipliedBy(2).plusSeconds(30))));
    }

    private void poll() {
        while (polling.get()) {
            int free;
            try {
                slots.acquire();
                free = 1 + slots.drainPermits();
            } catch (InterruptedException e) {
                break;
            }
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(config.queueUrl()).maxNumberOfMessages(Math.min(10, free))
                        .waitTimeSeconds((int) config.waitTime().toSeconds())
                        .visibilityTimeout((int) config.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
                lastPoll = Instant.now();
            } catch (SdkException e) {
                slots.release(free);
                if (polling.get()) {
                    LOG.warn("receiving from the governance queue failed: {}", e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
                continue;
            }
            slots.release(free - messages.size());
            for (Message m : messages) {
                if (!polling.get()) {
                    // Received during shutdown: give it straight back.
                    release(m, Duration.ZERO);
                    slots.release();
                    continue;
                }
                inFlight.add(m.receiptHandle());
                try {
                    steps.execute(() -> {
                        try {
                            handle(m);
                        } finally {
                            done(m);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    // Shutdown began between the check and the hand-over.
                    release(m, Duration.ZERO);
                    done(m);
                }
            }
        }
        LOG.info("stopped polling {}", config.queueUrl());
    }

    private void done(Message m) {
        inFlight.remove(m.receiptHandle());
        slots.release();
    }

    /** One message, start to end. Nothing escapes: a failure becomes a disposition, never a dead worker. */
    void handle(Message m) {
        long received = System.nanoTime();
        Map<MessageSystemAttributeName, String> attributes = m.attributes();
        int receiveCount = Integer.parseInt(attributes.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        String sent = attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        if (sent != null) {
            metrics.queueLag(Duration.between(Instant.ofEpochMilli(Long.parseLong(sent)), Instant.now()));
        }
        GovernTask task;
        try {
            task = governor.parse(m.body());
        } catch (InvalidTaskException e) {
            settle(m, safely(() -> governor.reject(e, null, receiveCount), m));
            return;
        }
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> heartbeat(m, task.taskToken()),
                config.heartbeatInterval().toMillis(), config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        Disposition disposition;
        try (AgentTracing.Scope scope = tracing.step(task.jobId(), task.pipeline(), task.step(), task.correlationId(), task.traceHeader())) {
            disposition = safely(() -> {
                try {
                    return governor.govern(task);
                } catch (InvalidTaskException e) {
                    return governor.reject(e, task.jobId(), receiveCount);
                } catch (RuntimeException e) {
                    scope.error(e);
                    throw e;
                }
            }, m);
            heartbeat.cancel(false);
            // Inside the step's segment: the delete (or release) is part of the job's trace.
            settle(m, disposition);
        } finally {
            heartbeat.cancel(false);
        }
        if (disposition.delete()) {
            metrics.step(task.pipeline(), task.step(), Duration.ofNanos(System.nanoTime() - received));
        }
    }

    private Disposition safely(java.util.function.Supplier<Disposition> work, Message m) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            // DynamoDB, S3, SSM or Step Functions unavailable, or a bug: the message comes back later and
            // the durable case makes the retry safe.
            LOG.error("governed step of message {} failed; retrying in {}", m.messageId(), config.retryDelay(), e);
            return Disposition.retryAfter(config.retryDelay(), "error");
        }
    }

    private void heartbeat(Message m, String taskToken) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(config.queueUrl()).receiptHandle(m.receiptHandle())
                    .visibilityTimeout((int) config.visibilityTimeout().toSeconds()));
            if (!callbacks.heartbeat(taskToken)) {
                metrics.heartbeatFailed();
            }
        } catch (RuntimeException e) {
            metrics.heartbeatFailed();
            LOG.warn("heartbeat for message {} failed: {}", m.messageId(), e.getMessage());
        }
    }

    private void settle(Message m, Disposition d) {
        try {
            if (d.delete()) {
                sqs.deleteMessage(b -> b.queueUrl(config.queueUrl()).receiptHandle(m.receiptHandle()));
            } else {
                release(m, d.delay());
            }
        } catch (ReceiptHandleIsInvalidException e) {
            LOG.warn("message {} was already settled", m.messageId());
        } catch (SdkException e) {
            // The message reappears when its visibility runs out; the case makes the redelivery harmless.
            LOG.warn("could not settle message {} ({}): {}", m.messageId(), d.reason(), e.getMessage());
        }
    }

    private void release(Message m, Duration delay) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(config.queueUrl()).receiptHandle(m.receiptHandle())
                    .visibilityTimeout((int) delay.toSeconds()));
        } catch (SdkException e) {
            LOG.warn("could not release message {}: {}", m.messageId(), e.getMessage());
        }
    }

    /**
     * Graceful stop: no new receives, in-flight steps finish within the grace period, anything left is
     * made visible again immediately.
     */
    @PreDestroy
    public void stop() {
        if (!polling.compareAndSet(true, false)) {
            return;
        }
        LOG.info("stopping: {} step(s) in flight, waiting up to {}", inFlight.size(), config.shutdownGrace());
        steps.shutdown();
        try {
            boolean finished = steps.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            // The poller ends when its current long poll returns (it gives back what that poll got);
            // releasing before then could hand an unfinished message straight back to this agent.
            Thread p = poller;
            if (p != null) {
                p.join(config.waitTime().plusSeconds(5).toMillis());
            }
            if (!finished) {
                // Heartbeats first: one firing after the release would hide the message again.
                heartbeats.shutdownNow();
                for (String receipt : inFlight) {
                    try {
                        sqs.changeMessageVisibility(b -> b.queueUrl(config.queueUrl()).receiptHandle(receipt).visibilityTimeout(0));
                    } catch (SdkException e) {
                        LOG.warn("could not release an unfinished message: {}", e.getMessage());
                    }
                }
                LOG.warn("released {} unfinished message(s) to the queue", inFlight.size());
                steps.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeats.shutdownNow();
        }
        LOG.info("stopped");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
