package dev.tandem.agent.policy;

import dev.tandem.contracts.pipeline.AgentIdentity;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.ItemGovernedStep;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The governed steps this agent decides: for every registered pipeline and every step it places on the agent,
 * the pipeline's {@link GovernedStep} and a {@link PolicyGuard} over that step's bundle. The agent routes each
 * task by (pipeline, blueprint step) through here; nothing in the agent knows a particular pipeline.
 */
public final class GovernedSteps {

    /** One governed step, ready to decide. */
    public record Route(PipelineDefinition pipeline, String step, GovernedStep<?> governed, PolicyGuard guard) {

        /** {@code pipeline/agentStep}, the key of {@code tandem.agent.policy-versions}. */
        public String key() {
            return GovernedSteps.key(pipeline.name(), governed.name());
        }
    }

    private final Map<String, Route> byBlueprintStep;

    private GovernedSteps(Map<String, Route> byBlueprintStep) {
        this.byBlueprintStep = Map.copyOf(byBlueprintStep);
    }

    /**
     * Loads every governed step's bundle (validated; an invalid one fails here, so the agent does not start).
     *
     * @param versions bundle versions that replace the declared ones, by {@code pipeline/step}; a key that names
     *                 no governed step is an error, so a typo cannot silently keep the old bundle
     */
    public static GovernedSteps load(List<PipelineDefinition> pipelines, Map<String, String> versions, String decidedBy, Clock clock,
                                     AgentIdentity agent) {
        Map<String, Route> routes = new LinkedHashMap<>();
        Map<String, String> unused = new TreeMap<>(versions);
        for (PipelineDefinition pipeline : pipelines) {
            pipeline.blueprint().all().filter(s -> s.placement() == dev.tandem.contracts.blueprint.Placement.AGENT).forEach(step -> {
                GovernedStep<?> governed = pipeline.governedStepFor(step);
                String key = key(pipeline.name(), governed.name());
                unused.remove(key);
                String version = versions.get(key);
                PolicyBundleRef ref = version == null ? governed.bundle() : governed.bundle().at(version);
                PolicyBundle bundle = PolicyBundle.load(ref, governed.getClass().getClassLoader());
                bundle.rules().values().stream().filter(rule -> !governed.outcomes().contains(rule.outcome())).findFirst().ifPresent(rule -> {
                    throw new InvalidPolicyBundleException("policy " + rule.id() + " in bundle " + ref.location() + " " + ref.version()
                            + " decides " + rule.outcome() + ", which governed step " + key + " does not declare; it declares "
                            + new java.util.TreeSet<>(governed.outcomes()));
                });
                checkDecisions(governed, key, ref, bundle);
                routes.put(pipeline.name() + "/" + step.name(),
                        new Route(pipeline, step.name(), governed, new PolicyGuard(bundle, decidedBy, clock, agent)));
            });
        }
        if (!unused.isEmpty()) {
            throw new InvalidPolicyBundleException("policy versions are set for " + unused.keySet() + ", which are no governed steps; "
                    + "known: " + routes.values().stream().map(Route::key).distinct().toList());
        }
        return new GovernedSteps(routes);
    }

    /** A step that decides per item needs a known {@code @decision} on every permit; any other step, none. */
    private static void checkDecisions(GovernedStep<?> governed, String key, PolicyBundleRef ref, PolicyBundle bundle) {
        List<String> vocabulary = governed instanceof ItemGovernedStep<?, ?> items ? items.decisions() : List.of();
        for (PolicyBundle.Rule rule : bundle.rules().values()) {
            boolean permit = rule.outcome() != dev.tandem.contracts.pipeline.Outcome.DENY;
            String problem = null;
            if (vocabulary.isEmpty() && rule.decision() != null) {
                problem = "declares @decision(\"" + rule.decision() + "\") but governed step " + key + " decides the job as one";
            } else if (!vocabulary.isEmpty() && permit && !vocabulary.contains(rule.decision())) {
                problem = "needs a @decision of " + vocabulary + " (governed step " + key + " decides per item), has " + rule.decision();
            } else if (!vocabulary.isEmpty() && !permit && rule.decision() != null) {
                problem = "is a forbid and denies the item; it takes no @decision";
            }
            if (problem != null) {
                throw new InvalidPolicyBundleException("policy " + rule.id() + " in bundle " + ref.location() + " " + ref.version() + " " + problem);
            }
        }
    }

    static String key(String pipeline, String agentStep) {
        return pipeline + "/" + agentStep;
    }

    /** The route of a blueprint step, empty when no registered pipeline places that step on the agent. */
    public Optional<Route> route(String pipeline, String blueprintStep) {
        return Optional.ofNullable(byBlueprintStep.get(pipeline + "/" + blueprintStep));
    }

    public List<Route> routes() {
        return List.copyOf(byBlueprintStep.values());
    }

    /** {@code pipeline/step=bundleId,...}, sorted: what the health check shows and the release manifest records. */
    public String bundleIds() {
        return byBlueprintStep.values().stream().map(r -> r.key() + "=" + r.guard().bundle().id()).sorted().distinct()
                .collect(Collectors.joining(","));
    }
}
