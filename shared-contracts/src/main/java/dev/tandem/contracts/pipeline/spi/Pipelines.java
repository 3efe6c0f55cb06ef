package dev.tandem.contracts.pipeline.spi;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The pipelines on the class path ({@link ServiceLoader}), by name. */
public final class Pipelines {

    private Pipelines() {
    }

    /** Every registered pipeline, sorted by name; names are unique and each pipeline {@linkplain PipelineDefinition#check checked}. */
    public static List<PipelineDefinition> all() {
        return Registered.ALL;
    }

    /** Loaded once per class loader: the class path does not change while a process runs. */
    private static final class Registered {
        static final List<PipelineDefinition> ALL = load();
    }

    private static List<PipelineDefinition> load() {
        List<PipelineDefinition> found = new ArrayList<>();
        ServiceLoader.load(PipelineDefinition.class, Pipelines.class.getClassLoader()).forEach(found::add);
        found.forEach(PipelineDefinition::check);
        checkDefaults(found);
        found.sort(Comparator.comparing(PipelineDefinition::name));
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i).name().equals(found.get(i - 1).name())) {
                throw new IllegalStateException("two pipelines are named " + found.get(i).name() + ": "
                        + found.get(i - 1).getClass().getName() + " and " + found.get(i).getClass().getName());
            }
        }
        return List.copyOf(found);
    }

    /** At most one pipeline declares itself the default. */
    static void checkDefaults(List<PipelineDefinition> pipelines) {
        List<String> defaults = pipelines.stream().filter(PipelineDefinition::isDefault).map(PipelineDefinition::name).toList();
        if (defaults.size() > 1) {
            throw new IllegalStateException("several pipelines declare themselves the default: " + defaults + "; at most one may");
        }
    }

    /**
     * The pipeline a job that names none runs: the one declaring {@link PipelineDefinition#isDefault()}, else the only one
     * registered; empty when several are registered and none is the default.
     */
    public static Optional<PipelineDefinition> defaultPipeline() {
        return defaultOf(all());
    }

    static Optional<PipelineDefinition> defaultOf(List<PipelineDefinition> pipelines) {
        Optional<PipelineDefinition> declared = pipelines.stream().filter(PipelineDefinition::isDefault).findFirst();
        return declared.isPresent() || pipelines.size() != 1 ? declared : Optional.of(pipelines.getFirst());
    }

    /**
     * Where a pipeline's classes were loaded from: its jar, or its class folder in a build that has not packaged it. What
     * ships to the functions (the pipelines layer) and the agent; what the artifact checks look at.
     */
    public static Path codeSource(PipelineDefinition pipeline) {
        CodeSource source = pipeline.getClass().getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("pipeline " + pipeline.name() + " was not loaded from a jar or a class folder");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("pipeline " + pipeline.name() + ": unusable code source " + source.getLocation(), e);
        }
    }

    /** The registered pipeline of that name, or an error listing the registered ones. */
    public static PipelineDefinition named(String name) {
        List<PipelineDefinition> all = all();
        return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no pipeline named " + name + "; registered: " + all.stream().map(PipelineDefinition::name).toList()));
    }
}
