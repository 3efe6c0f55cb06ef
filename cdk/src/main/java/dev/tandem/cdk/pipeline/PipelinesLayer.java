package dev.tandem.cdk.pipeline;

import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * The registered pipelines' own code as one Lambda layer ({@code java/lib/<pipeline>.jar}, which the Java runtime puts on
 * the class path after the function's own code), attached to every function: the core artifacts (the API jar, the steps
 * jar, the agent) stay the same for every deployment, and a pipeline module ships only its classes and resources.
 *
 * <p>The jars are the class path entries the CDK app loaded each {@link PipelineDefinition} from: a pipeline module's jar
 * is copied as is, a class folder (a build that has not packaged yet) is zipped with fixed timestamps, so the layer's
 * content, and with it its asset hash, changes only when a pipeline does. The agent's image carries the same jars
 * ({@link #write}).
 */
public final class PipelinesLayer extends Construct {

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private final LayerVersion layer;

    public PipelinesLayer(Construct scope, String id, List<PipelineDefinition> pipelines) {
        super(scope, id);
        // Staged in the app's output folder (cdk.out), from which the CDK copies it into the layer's asset.
        Path dir = Path.of(software.amazon.awscdk.Stage.of(this).getOutdir(), "pipelines-layer-source");
        clear(dir.resolve("java/lib"));
        write(pipelines, dir.resolve("java/lib"));
        this.layer = LayerVersion.Builder.create(this, "Layer")
                .code(Code.fromAsset(dir.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .description("Tandem pipelines: " + String.join(", ", pipelines.stream().map(PipelineDefinition::name).toList()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public ILayerVersion layer() {
        return layer;
    }

    /** Writes one jar per class path entry that holds a pipeline into {@code libDir}, named after its first pipeline. */
    public static List<Path> write(List<PipelineDefinition> pipelines, Path libDir) {
        Map<Path, String> sources = new LinkedHashMap<>();
        for (PipelineDefinition p : pipelines) {
            sources.putIfAbsent(Pipelines.codeSource(p), p.name());
        }
        List<Path> jars = new ArrayList<>();
        try {
            Files.createDirectories(libDir);
            for (Map.Entry<Path, String> source : sources.entrySet()) {
                Path jar = libDir.resolve(source.getValue() + ".jar");
                if (Files.isDirectory(source.getKey())) {
                    zip(source.getKey(), jar);
                } else {
                    Files.copy(source.getKey(), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                jars.add(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }

    private static void clear(Path libDir) {
        if (!Files.isDirectory(libDir)) {
            return;
        }
        try (Stream<Path> jars = Files.list(libDir)) {
            for (Path jar : jars.toList()) {
                Files.delete(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void zip(Path classes, Path jar) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(classes)) {
            paths = walk.filter(p -> !p.equals(classes)).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path p : paths) {
                // Directory entries too, as a jar tool writes them: class loaders answer a folder resource only when the
                // jar has its entry, and Micronaut finds bean definitions by listing such a folder.
                boolean folder = Files.isDirectory(p);
                ZipEntry entry = new ZipEntry(classes.relativize(p).toString().replace('\\', '/') + (folder ? "/" : ""));
                entry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(entry);
                if (!folder) {
                    Files.copy(p, zip);
                }
                zip.closeEntry();
            }
        }
    }

    /** Writes the layer's jars to a folder (the agent image's {@code /app/pipelines}): {@code PipelinesLayer <dir>}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: PipelinesLayer <dir>");
            System.exit(2);
        }
        write(Pipelines.all(), Path.of(args[0])).forEach(System.out::println);
    }
}
