package dev.tandem.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function's execution environments, created on demand as Lambda creates them: an invocation takes an
 * idle environment; when none is idle and fewer than {@code maxEnvironments} exist, a new one starts (a
 * cold start). Unlike Lambda, the invocation then takes whichever is ready first, the new environment or
 * one another invocation frees: on a two-core machine a warm environment is usually free long before a new
 * JVM is. An environment that timed out or whose runtime died is discarded.
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
    private final int maxEnvironments;
    private final LinkedBlockingDeque<ExecutionEnvironment> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger environments = new AtomicInteger();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private final AtomicInteger coldStarts = new AtomicInteger();
    private volatile IllegalStateException lastInitFailure;
    private volatile boolean closed;

    FunctionRuntime(DeployedFunction function, Path taskRoot, List<String> runtimeClasspath, Path nativeClient,
                    Map<String, String> lambdaEnvironment, Path log, int maxEnvironments) {
        this.function = function;
        this.taskRoot = taskRoot;
        this.runtimeClasspath = List.copyOf(runtimeClasspath);
        this.nativeClient = nativeClient;
        this.lambdaEnvironment = Map.copyOf(lambdaEnvironment);
        this.log = log;
        this.maxEnvironments = maxEnvironments;
    }

    DeployedFunction function() {
        return function;
    }

    int coldStarts() {
        return coldStarts.get();
    }

    /** Starts one environment ahead of traffic and leaves it idle (what provisioned concurrency does). */
    void prewarm() {
        if (environments.incrementAndGet() > maxEnvironments) {
            environments.decrementAndGet();
            return;
        }
        try {
            idle.offerFirst(start());
        } catch (RuntimeException e) {
            environments.decrementAndGet();
            throw e;
        }
    }

    Invocation invoke(byte[] payload, String traceHeader) {
        ExecutionEnvironment env;
        try {
            env = take();
        } catch (IllegalStateException e) {
            return ExecutionEnvironment.error("Runtime.InitError", e.getMessage());
        }
        try {
            return env.invoke(payload, traceHeader);
        } finally {
            release(env);
        }
    }

    /** An idle environment: one that is free now, or the first to be ready of a new one and those that free up. */
    private ExecutionEnvironment take() {
        long deadline = System.nanoTime() + INIT_TIMEOUT.toNanos();
        IllegalStateException failureBefore = lastInitFailure;
        boolean started = false;
        while (System.nanoTime() < deadline) {
            ExecutionEnvironment env = idle.pollFirst();
            if (env != null) {
                if (env.alive()) {
                    return env;
                }
                discard(env);
                continue;
            }
            if (!started && environments.incrementAndGet() <= maxEnvironments) {
                started = true;
                Thread.ofVirtual().start(this::startIdle);
            } else if (!started) {
                environments.decrementAndGet();
            }
            try {
                env = idle.pollFirst(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (env != null) {
                if (env.alive()) {
                    return env;
                }
                discard(env);
            }
            IllegalStateException failure = lastInitFailure;
            if (started && failure != null && failure != failureBefore && idle.isEmpty() && environments.get() == 0) {
                throw failure;
            }
            if (environments.get() == 0 && started) {
                started = false; // the environment we started failed; try again while time remains
            }
        }
        throw new IllegalStateException(function.name() + ": no execution environment became ready within " + INIT_TIMEOUT);
    }

    private void startIdle() {
        try {
            idle.offerLast(start());
        } catch (RuntimeException e) {
            environments.decrementAndGet();
            lastInitFailure = e instanceof IllegalStateException ise ? ise : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void release(ExecutionEnvironment env) {
        if (env.alive() && !closed) {
            idle.offerFirst(env);
        } else {
            discard(env);
        }
    }

    private void discard(ExecutionEnvironment env) {
        forget(env);
        environments.decrementAndGet();
    }

    private void forget(ExecutionEnvironment env) {
        env.close();
        synchronized (all) {
            all.remove(env);
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
            Invocation first = env.invoke(payload, null);
            long done = System.nanoTime();
            return new ColdStart((initialized - began) / 1e6, (done - initialized) / 1e6, first);
        } finally {
            forget(env);
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
        try {
            env.awaitInit(INIT_TIMEOUT);
        } catch (RuntimeException e) {
            forget(env);
            throw e;
        }
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
