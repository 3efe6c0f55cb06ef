package dev.tandem.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open-source DynamoDB API engine as a child process: dynalite (Apache-2.0, LevelDB), with the
 * operations Tandem needs that it lacks (TransactWriteItems, TransactGetItems, UpdateTimeToLive,
 * ReturnValuesOnConditionCheckFailure) added by the project's extension
 * ({@code test-support/src/main/node/dynamodb-engine.cjs}). In memory, or persisted to a directory.
 * Needs Node.js and the project's npm packages ({@code npm ci} at the repository root; the scripts run it).
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    static final String SCRIPT = "test-support/src/main/node/dynamodb-engine.cjs";

    private final Process process;
    private final URI endpoint;

    private EmbeddedDynamoDb(Process process, int port) {
        this.process = process;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** @param dataDir where to keep the tables, or null to keep them in memory */
    public static EmbeddedDynamoDb start(Path dataDir) {
        Path root = repositoryRoot();
        ProcessBuilder pb = new ProcessBuilder("node", root.resolve(SCRIPT).toString()).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("DYNAMODB_PORT", "0");
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pb.environment().put("DYNAMODB_PATH", dataDir.toAbsolutePath().toString());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the DynamoDB engine: Node.js (node on the PATH) is needed", e);
        }
        // The engine prints "listening <port>" once it accepts connections; it exits when our end of its
        // standard input closes, so it never outlives this JVM.
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Deque<String> seen = new ArrayDeque<>();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("listening ")) {
                        return Integer.parseInt(line.substring("listening ".length()).trim());
                    }
                    seen.add(line);
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        });
        try {
            int p = port.get(30, TimeUnit.SECONDS);
            if (p < 0) {
                throw new IllegalStateException("the DynamoDB engine exited while starting: " + String.join("\n", seen)
                        + "\n(is `npm ci` done at " + root + "?)");
            }
            Thread.ofVirtual().start(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // the engine stopped
                }
            });
            return new EmbeddedDynamoDb(process, p);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("the DynamoDB engine did not start: " + e, e);
        }
    }

    /**
     * The repository root: the folder with the engine's script and the project's npm packages, found above
     * the working directory (or given by the system property {@code tandem.root}).
     */
    static Path repositoryRoot() {
        String configured = System.getProperty("tandem.root");
        Path from = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = from.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(SCRIPT))) {
                if (!Files.isDirectory(p.resolve("node_modules/dynalite"))) {
                    throw new IllegalStateException("the DynamoDB engine's npm package is missing: run `npm ci` in " + p
                            + " (./scripts/test and ./scripts/dev do it for you)");
                }
                return p;
            }
        }
        throw new IllegalStateException("cannot find " + SCRIPT + " above " + from + "; set -Dtandem.root=<repository>");
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
