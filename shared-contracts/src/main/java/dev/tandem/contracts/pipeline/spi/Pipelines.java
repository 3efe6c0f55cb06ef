package dev.tandem.contracts.pipeline.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        found.sort(Comparator.comparing(PipelineDefinition::name));
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i).name().equals(found.get(i - 1).name())) {
                throw new IllegalStateException("two pipelines are named " + found.get(i).name() + ": "
                        + found.get(i - 1).getClass().getName() + " and " + found.get(i).getClass().getName());
            }
        }
        return List.copyOf(found);
    }

    /** The registered pipeline of that name, or an error listing the registered ones. */
    public static PipelineDefinition named(String name) {
        List<PipelineDefinition> all = all();
        return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no pipeline named " + name + "; registered: " + all.stream().map(PipelineDefinition::name).toList()));
    }
}
