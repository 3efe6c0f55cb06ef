package dev.tandem.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lambda execution environment: a JVM of its own running the Lambda Java runtime interface client
 * (the library the managed {@code java21} runtime is built on) with the function's handler string, its
 * working directory the unzipped deployment artifact ({@code LAMBDA_TASK_ROOT}), its environment the
 * template's variables plus what Lambda sets, and nothing of the local stack's classpath. It pulls its
 * invocations from this class's implementation of the
 * <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Lambda Runtime API</a>, one
 * at a time, as in Lambda.
 */
final class ExecutionEnvironment implements AutoCloseable {

    private static final String API = "/2018-06-01/runtime";

    private record Pending(String requestId, byte[] payload, String traceHeader, long deadlineMs, CompletableFuture<Invocation> result) {
    }

    private final DeployedFunction function;
    private final String functionArn;
    private final HttpServer runtimeApi;
    private final SynchronousQueue<Pending> next = new SynchronousQueue<>();
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    private final Process process;
    private volatile Pending current;

    ExecutionEnvironment(DeployedFunction function, Path taskRoot, List<String> runtimeClasspath, Path nativeClient,
                         Map<String, String> lambdaEnvironment, Path log) throws IOException {
        this.function = function;
        this.functionArn = "arn:aws:lambda:" + lambdaEnvironment.getOrDefault("AWS_REGION", "us-east-1") + ":000000000000:function:"
                + function.name();
        this.runtimeApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        runtimeApi.createContext(API + "/", this::serve);
        runtimeApi.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        runtimeApi.start();
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin,
                // The managed Java runtime's own JVM options: heap from the function's memory, serial GC, C1 only.
                "-XX:MaxHeapSize=" + (function.memoryMb() * 85 / 100) + "m", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true", "--enable-native-access=ALL-UNNAMED",
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeClient,
                "-classpath", String.join(java.io.File.pathSeparator, runtimeClasspath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", function.handler()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Lambda starts the runtime with a clean environment: the function's variables and its own.
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.putAll(function.environment());
        env.putAll(lambdaEnvironment);
        env.put("_HANDLER", function.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getAddress().getPort());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", UUID.randomUUID().toString());
        this.process = pb.start();
        process.onExit().thenRun(() -> {
            String error = "Runtime exited with error: exit status " + process.exitValue();
            initialized.completeExceptionally(new IllegalStateException(error));
            Pending p = current;
            if (p != null) {
                p.result().complete(error("Runtime.ExitError", "RequestId: " + p.requestId() + " Error: " + error));
            }
            runtimeApi.stop(0);
        });
    }

    /** Waits for the runtime to finish its init phase (its first request for an invocation). */
    void awaitInit(Duration timeout) {
        try {
            initialized.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException(function.name() + " did not finish its init phase within " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(function.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Runs one invocation; past the function's timeout the environment is stopped, as Lambda stops it. The caller's
     * trace header (null: a new trace) continues in the function, as Lambda continues an X-Ray trace.
     */
    Invocation invoke(byte[] payload, String callerTrace) {
        long timeoutMs = function.timeoutSeconds() * 1000L;
        Pending p = new Pending(UUID.randomUUID().toString(), payload, traceHeader(callerTrace), System.currentTimeMillis() + timeoutMs,
                new CompletableFuture<>());
        current = p;
        try {
            if (!next.offer(p, timeoutMs, TimeUnit.MILLISECONDS)) {
                close();
                return error("Runtime.Unavailable", function.name() + "'s runtime did not ask for the invocation");
            }
            return p.result().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            return error("Sandbox.Timedout", String.format("RequestId: %s Error: Task timed out after %d.00 seconds", p.requestId(),
                    function.timeoutSeconds()));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            current = null;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(API.length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.equals("/invocation/next") && exchange.getRequestMethod().equals("GET")) {
            initialized.complete(null);
            // The runtime waits here between invocations; once the environment is gone, so is the wait.
            Pending p = null;
            try {
                while (p == null && (process == null || process.isAlive())) {
                    p = next.poll(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (p == null) {
                exchange.close();
                return;
            }
            var headers = exchange.getResponseHeaders();
            headers.set("Lambda-Runtime-Aws-Request-Id", p.requestId());
            headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(p.deadlineMs()));
            headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            headers.set("Lambda-Runtime-Trace-Id", p.traceHeader());
            headers.set("Lambda-Runtime-Client-Context", "");
            headers.set("Lambda-Runtime-Cognito-Identity", "");
            headers.set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, p.payload().length == 0 ? -1 : p.payload().length);
            exchange.getResponseBody().write(p.payload());
            exchange.close();
            return;
        }
        Pending p = current;
        if (path.startsWith("/invocation/") && p != null && path.equals("/invocation/" + p.requestId() + "/response")) {
            p.result().complete(new Invocation(body, null));
        } else if (path.startsWith("/invocation/") && p != null && path.equals("/invocation/" + p.requestId() + "/error")) {
            p.result().complete(new Invocation(body, "Unhandled"));
        } else if (path.equals("/init/error")) {
            // The init phase failed (the handler class missing or failing to load): the first invocation sees it.
            initialized.completeExceptionally(new IllegalStateException("init failed: " + new String(body, StandardCharsets.UTF_8)));
            Pending waiting = next.poll();
            if (waiting != null) {
                waiting.result().complete(new Invocation(body, "Unhandled"));
            }
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    /** The invocation's trace header: the caller's trace (its root and sampling) with a new parent, or a new trace. */
    private static String traceHeader(String callerTrace) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        r.nextBytes(id);
        r.nextBytes(parent);
        String root = dev.tandem.contracts.infra.LogField.traceIdOf(callerTrace);
        if (root == null) {
            root = "1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(id);
        }
        String sampled = callerTrace != null && callerTrace.contains("Sampled=0") ? "0" : "1";
        return "Root=" + root + ";Parent=" + HexFormat.of().formatHex(parent) + ";Sampled=" + sampled;
    }

    static Invocation error(String type, String message) {
        return new Invocation(Json.write(Map.of("errorType", type, "errorMessage", message)).getBytes(StandardCharsets.UTF_8), "Unhandled");
    }

    @Override
    public void close() {
        process.destroyForcibly();
        runtimeApi.stop(0);
    }
}
