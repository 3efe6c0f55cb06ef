package dev.tandem.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function's execution environments, created on demand as Lambda creates them: an invocation takes an
 * idle environment, or starts a new one (a cold start) while fewer than {@code maxEnvironments} exist,
 * or waits for one to be free. An environment that timed out or whose runtime died is discarded.
 */
final class FunctionRuntime implements AutoCloseable {

    /** How long a cold start may take here: generous, as two cores may be starting several JVMs at once. */
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(120);

    private final DeployedFunction function;
    private final Path taskRoot;
    private final List<String> runtimeClasspath;
    private final Path nativeClient;
    private final Map<String, String> lambdaEnvironment;
    private final Path log;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<ExecutionEnvironment> idle = new ConcurrentLinkedDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private final AtomicInteger coldStarts = new AtomicInteger();
    private volatile boolean closed;

    FunctionRuntime(DeployedFunction function, Path taskRoot, List<String> runtimeClasspath, Path nativeClient,
                    Map<String, String> lambdaEnvironment, Path log, int maxEnvironments) {
        this.function = function;
        this.taskRoot = taskRoot;
        this.runtimeClasspath = List.copyOf(runtimeClasspath);
        this.nativeClient = nativeClient;
        this.lambdaEnvironment = Map.copyOf(lambdaEnvironment);
        this.log = log;
        this.permits = new Semaphore(maxEnvironments, true);
    }

    DeployedFunction function() {
        return function;
    }

    int coldStarts() {
        return coldStarts.get();
    }

    /** Starts one environment ahead of traffic and leaves it idle (what provisioned concurrency does). */
    void prewarm() {
        permits.acquireUninterruptibly();
        try {
            idle.push(start());
        } finally {
            permits.release();
        }
    }

    Invocation invoke(byte[] payload) {
        permits.acquireUninterruptibly();
        ExecutionEnvironment env = null;
        try {
            env = idle.poll();
            while (env != null && !env.alive()) {
                env = idle.poll();
            }
            if (env == null) {
                try {
                    env = start();
                } catch (IllegalStateException e) {
                    return ExecutionEnvironment.error("Runtime.InitError", e.getMessage());
                }
            }
            return env.invoke(payload);
        } finally {
            if (env != null && env.alive() && !closed) {
                idle.push(env);
            }
            permits.release();
        }
    }

    /**
     * A cold start measured as Lambda reports it: a new environment (a fresh JVM) through its init phase,
     * then its first invocation; the environment is discarded afterwards.
     */
    ColdStart coldStart(byte[] payload) {
        long began = System.nanoTime();
        ExecutionEnvironment env = start();
        long initialized = System.nanoTime();
        try {
            Invocation first = env.invoke(payload);
            long done = System.nanoTime();
            return new ColdStart((initialized - began) / 1e6, (done - initialized) / 1e6, first);
        } finally {
            env.close();
        }
    }

    private ExecutionEnvironment start() {
        if (closed) {
            throw new IllegalStateException(function.name() + " is stopped");
        }
        ExecutionEnvironment env;
        try {
            env = new ExecutionEnvironment(function, taskRoot, runtimeClasspath, nativeClient, lambdaEnvironment, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an execution environment for " + function.name(), e);
        }
        synchronized (all) {
            all.add(env);
        }
        coldStarts.incrementAndGet();
        env.awaitInit(INIT_TIMEOUT);
        return env;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            all.forEach(ExecutionEnvironment::close);
            all.clear();
        }
        idle.clear();
    }
}
