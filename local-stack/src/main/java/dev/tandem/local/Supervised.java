package dev.tandem.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A child process of the local stack (the Step Functions engine, the agent), its output appended to a
 * log file. With {@code restart}, it is started again when it dies, as ECS replaces a stopped task.
 */
public final class Supervised implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final boolean restart;
    private final Consumer<String> say;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger starts = new AtomicInteger();
    private volatile Process process;

    public Supervised(String name, List<String> command, Map<String, String> environment, Path log, boolean restart, Consumer<String> say) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.restart = restart;
        this.say = say;
    }

    public synchronized void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment);
        Process p = pb.start();
        process = p;
        starts.incrementAndGet();
        // Ctrl-C in a terminal reaches the children too; the short pause lets the stack's own shutdown
        // mark them as stopping before a death is taken for a crash.
        p.onExit().thenAcceptAsync(exited -> {
            if (!stopping.get() && restart) {
                say.accept(name + " exited with " + exited.exitValue() + "; restarting it (log: " + log + ")");
                try {
                    start();
                } catch (IOException e) {
                    say.accept("could not restart " + name + ": " + e.getMessage());
                }
            } else if (!stopping.get()) {
                say.accept(name + " exited with " + exited.exitValue() + " (log: " + log + ")");
            }
        }, java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS));
    }

    /** Waits until {@code url} answers 200 (or the process dies, or the timeout passes). */
    public void awaitHttp(String url, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p != null && !p.isAlive() && !restart) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name);
            }
        }
        throw new IllegalStateException(name + " did not come up within " + timeout + "; see " + log);
    }

    public Process process() {
        return process;
    }

    public int starts() {
        return starts.get();
    }

    @Override
    public void close() {
        stopping.set(true);
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy(); // SIGTERM: the agent drains gracefully
        try {
            if (!p.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
