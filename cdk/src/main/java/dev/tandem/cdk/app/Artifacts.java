package dev.tandem.cdk.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The build outputs the app deploys: the two Lambda jars. Found relative to the repository root (the
 * folder with {@code cdk.json}), so the app works from the CDK CLI and from the module's tests.
 */
public record Artifacts(Path root, Path apiJar, Path stepsJar) {

    public static Artifacts locate() {
        Path root = root(Path.of("").toAbsolutePath());
        Path target = root.resolve("functions/target");
        return new Artifacts(root, jar(target, "-api.jar"), jar(target, "-steps.jar"));
    }

    public static Path root(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("cdk.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (the folder with cdk.json) above " + from);
    }

    private static Path jar(Path target, String suffix) {
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().startsWith("functions-") && p.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the Lambda jar functions-*" + suffix + " is not built; run "
                            + "`mvn -pl functions -am package -DskipTests` (scripts/cdk-app does it for you)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
