package dev.tandem.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The functions of the synthesized template, each run from its deployment artifact in execution
 * environments of its own ({@link ExecutionEnvironment}), behind a local Lambda Invoke endpoint
 * ({@code POST /2015-03-31/functions/<name>[:qualifier]/invocations}). A function error answers as Lambda
 * does: status 200, {@code X-Amz-Function-Error: Unhandled}, the runtime's error payload
 * ({@code errorType} is the exception class, which the workflow's Retry and Catch match).
 *
 * <p>Nothing here loads a function's classes: a class missing from an artifact fails in its environment
 * exactly where it would fail in Lambda.
 */
public final class LambdaHost implements AutoCloseable {

    /** The Lambda Java runtime's own classes: the runtime interface client and what it needs. */
    private static final List<String> RUNTIME_CLASSES = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    private final Map<String, FunctionRuntime> functions = new LinkedHashMap<>();
    private final HttpServer server;
    /** Invocations through the endpoint, per function. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> served = new java.util.concurrent.ConcurrentHashMap<>();
    /** Injected faults still to answer, per function. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> faults = new java.util.concurrent.ConcurrentHashMap<>();

    /** The error type of an injected fault: matched by no Retry, so the state fails at once. */
    public static final String INJECTED_FAULT = "Tandem.InjectedFault";

    /**
     * @param lambdaEnvironment what Lambda's environment adds to each function's own variables (region,
     *                          credentials, endpoint overrides of the local stack)
     * @param workDir           where the artifacts are unzipped, as Lambda unzips them into {@code /var/task}
     */
    public LambdaHost(Collection<DeployedFunction> deployed, Map<String, String> lambdaEnvironment, Path workDir, Path logDir,
                      int maxEnvironments, int port) throws IOException {
        List<String> runtime = runtimeClasspath();
        Path nativeClient = nativeClient(runtime.getFirst(), workDir);
        Files.createDirectories(logDir);
        java.util.Set<Path> inUse = new java.util.HashSet<>();
        for (DeployedFunction f : deployed) {
            Path taskRoot = unzip(f.artifact(), f.layers(), workDir);
            inUse.add(taskRoot);
            functions.put(f.name(), new FunctionRuntime(f, taskRoot, runtime, nativeClient, lambdaEnvironment,
                    logDir.resolve(f.name() + ".log"), maxEnvironments));
        }
        pruneTaskRoots(workDir, inUse);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/2015-03-31/functions/", this::serve);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Collection<DeployedFunction> functions() {
        return functions.values().stream().map(FunctionRuntime::function).toList();
    }

    /** How many execution environments were started for the function so far. */
    public int coldStarts(String function) {
        return runtime(function).coldStarts();
    }

    /** Starts one environment of every function, {@code parallelism} at a time, and waits for their init. */
    public void prewarm(int parallelism) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
        try {
            List<Future<?>> started = new ArrayList<>();
            functions.values().forEach(f -> started.add(pool.submit(f::prewarm)));
            for (Future<?> f : started) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a function failed its init phase: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdown();
        }
    }

    /** Measures one cold start of the function: a new environment, its init, its first event. */
    public ColdStart coldStart(String function, byte[] payload) {
        return runtime(function).coldStart(payload);
    }

    /** Invokes a function synchronously (RequestResponse), by its physical name, in a new trace. */
    public Invocation invoke(String function, byte[] payload) {
        return invoke(function, payload, null);
    }

    /** Invokes a function synchronously, continuing the caller's X-Ray trace header (null: a new trace). */
    public Invocation invoke(String function, byte[] payload, String traceHeader) {
        return runtime(function).invoke(payload, traceHeader);
    }

    /**
     * Fault injection, as AWS FIS injects Lambda faults: the function's next {@code count} invocations through the
     * endpoint answer a function error ({@value #INJECTED_FAULT}) without running it. For tests and demos of failures
     * and redrives.
     */
    public void injectFaults(String function, int count) {
        runtime(function);
        faults.computeIfAbsent(function, f -> new java.util.concurrent.atomic.AtomicInteger()).set(count);
    }

    /** How many invocations of the function the endpoint has served (injected faults included). */
    public long invocations(String function) {
        var n = served.get(function);
        return n == null ? 0 : n.get();
    }

    private boolean takeFault(String function) {
        var left = faults.get(function);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private FunctionRuntime runtime(String function) {
        FunctionRuntime f = functions.get(function);
        if (f == null) {
            throw new IllegalArgumentException("no function " + function + "; deployed: " + functions.keySet());
        }
        return f;
    }

    private void serve(HttpExchange exchange) throws IOException {
        // /2015-03-31/functions/<name>[:qualifier]/invocations; the name may also be a function ARN.
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String target = parts.length > 3 ? parts[3] : "";
        String name = target.contains(":function:") ? target.substring(target.indexOf(":function:") + 10) : target;
        name = name.split(":")[0];
        byte[] payload = exchange.getRequestBody().readAllBytes();
        FunctionRuntime f = functions.get(name);
        byte[] body;
        int status = 200;
        if (f == null || !exchange.getRequestMethod().equals("POST")) {
            status = 404;
            body = Json.write(Map.of("Type", "User", "message", "Function not found: " + target)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ResourceNotFoundException");
        } else {
            served.computeIfAbsent(name, n -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            if (takeFault(name)) {
                body = Json.write(Map.of("errorType", INJECTED_FAULT, "errorMessage", "fault injected into " + name + " by the local stack"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
            } else {
                // The caller's trace continues in the function (the SDK sends it as X-Amzn-Trace-Id), as in Lambda.
                Invocation result = f.invoke(payload, exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id"));
                body = result.payload();
                if (result.failed()) {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", result.functionError());
                }
            }
            exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Deletes the unzipped artifacts of earlier templates (each synth with changed code names new assets). */
    private static void pruneTaskRoots(Path workDir, java.util.Set<Path> inUse) throws IOException {
        try (var roots = Files.list(workDir)) {
            for (Path root : roots.filter(p -> p.getFileName().toString().startsWith("asset.") && !inUse.contains(p)).toList()) {
                try (var tree = Files.walk(root)) {
                    for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** The artifact unzipped once per content (CDK names assets by their hash), as Lambda unzips it into /var/task. */
    /**
     * The task root of an artifact with its layers: the artifact unzipped as Lambda unzips it into {@code /var/task}, and
     * the layers' {@code java/lib} jars in its {@code lib} folder. The runtime interface client's class loader reads the
     * task root, then {@code lib/*.jar}, then {@code /opt/java/lib/*.jar}; the artifact has no {@code lib} folder of its
     * own, so the layers' jars come right after the function's code, as from {@code /opt/java/lib} in Lambda.
     */
    private static Path unzip(Path artifact, List<Path> layers, Path workDir) throws IOException {
        String layerKey = layers.stream().map(l -> l.getFileName().toString()).reduce("", (a, b) -> a + "+" + b);
        Path root = workDir.resolve(artifact.getFileName().toString().replace(".jar", "") + "-" + Files.size(artifact)
                + (layers.isEmpty() ? "" : "-" + Integer.toHexString(layerKey.hashCode())));
        Path done = root.resolve(".unzipped");
        if (Files.exists(done)) {
            return root;
        }
        Files.createDirectories(root);
        for (Path layer : layers) {
            for (Path jar : DeployedFunctions.jarsOf(layer)) {
                Files.createDirectories(root.resolve("lib"));
                Files.copy(jar, root.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                Path to = root.resolve(e.getName()).normalize();
                if (!to.startsWith(root)) {
                    throw new IOException("artifact entry outside the task root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Files.createFile(done);
        return root;
    }

    /**
     * The runtime interface client's native Runtime API client, unzipped once and named to every runtime
     * (as the managed runtime names its copy): left to itself, each JVM would unpack it to the same temporary
     * file while others load it.
     */
    private static Path nativeClient(String runtimeJar, Path workDir) throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        Path target = workDir.resolve("runtime").resolve(Path.of(runtimeJar).getFileName() + "-" + arch + ".so");
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            try (ZipFile zip = new ZipFile(runtimeJar); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
                Path tmp = Files.createTempFile(target.getParent(), "jni", ".so");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return target;
    }

    /** The jars of the runtime interface client and its dependencies, found on this JVM's class path. */
    static List<String> runtimeClasspath() {
        List<String> jars = new ArrayList<>();
        for (String className : RUNTIME_CLASSES) {
            try {
                Class<?> c = Class.forName(className, false, LambdaHost.class.getClassLoader());
                String jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!jars.contains(jar)) {
                    jars.add(jar);
                }
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("the Lambda runtime interface client is not on the local stack's class path: " + className, e);
            }
        }
        return jars;
    }

    @Override
    public void close() {
        server.stop(0);
        functions.values().forEach(FunctionRuntime::close);
    }
}
