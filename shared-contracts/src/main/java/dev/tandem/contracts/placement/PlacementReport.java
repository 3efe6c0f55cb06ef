package dev.tandem.contracts.placement;

import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Step;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The placement report ({@code scripts/placement}): prints blueprints' steps with declared and advised placement,
 * reasons and cost per 1,000 jobs for both placements. Exit codes: 0 consistent, 1 a declared placement contradicts
 * the advice. The command line (options, usage errors) is the operations CLI's {@code placement} command.
 */
public final class PlacementReport {

    public static final int OK = 0;
    public static final int CONTRADICTION = 1;

    private PlacementReport() {
    }

    /** Every registered pipeline's blueprint ({@link Pipelines}), in registration order. */
    public static List<Blueprint> registered() {
        return Pipelines.all().stream().map(PipelineDefinition::blueprint).toList();
    }

    /** Prints the report of each blueprint at these prices; the contradictions go to {@code err}. */
    public static int report(List<Blueprint> blueprints, PricingTable prices, PrintStream out, PrintStream err) {
        PlacementAdvisor advisor = new PlacementAdvisor(prices);
        List<PlacementAdvisor.Contradiction> contradictions = new ArrayList<>();
        for (Blueprint blueprint : blueprints) {
            print(blueprint, prices, advisor.review(blueprint), out);
            contradictions.addAll(advisor.contradictions(blueprint));
        }
        if (contradictions.isEmpty()) {
            out.println("OK: every declared placement agrees with the advisor.");
            return OK;
        }
        for (PlacementAdvisor.Contradiction c : contradictions) {
            err.println("CONTRADICTION: " + c);
        }
        err.println(contradictions.size() + " step(s) contradict the advisor: change the placement or the profile.");
        return CONTRADICTION;
    }

    /**
     * The advisor's review of each blueprint at its measured figures ({@link MeasuredProfiles}): the table at the measured
     * p99s and invocations per job (so each placement's cost at the measured traffic), then declared against measured per
     * step. Exit 1 when a placement contradicts the advice at the measured profile, or a step's measured p99 is over its
     * SLO.
     */
    public static int reportMeasured(List<Blueprint> blueprints, Map<String, dev.tandem.contracts.api.PipelineKpis> measured, PricingTable prices,
                                     PrintStream out, PrintStream err) {
        PlacementAdvisor advisor = new PlacementAdvisor(prices);
        int problems = 0;
        for (Blueprint declared : blueprints) {
            dev.tandem.contracts.api.PipelineKpis kpis = measured.get(declared.name());
            if (kpis == null || kpis.jobs() == 0) {
                out.printf(Locale.ROOT, "Pipeline %s: no measured jobs; run some first (./scripts/dev demo), then measure again.%n%n", declared.name());
                continue;
            }
            Blueprint blueprint = MeasuredProfiles.apply(declared, kpis);
            out.printf(Locale.ROOT, "Measured over %d jobs from %s to %s:%n", kpis.jobs(), kpis.from(), kpis.to());
            print(blueprint, prices, advisor.review(blueprint), out);
            out.println("Declared against measured:");
            for (MeasuredProfiles.Comparison c : MeasuredProfiles.compare(declared, kpis)) {
                out.printf(Locale.ROOT, "  %-12s p99 %s declared, %s measured (SLO %s); %.2f invocations per job declared, %.2f measured%s%n",
                        c.step(), PlacementAdvisor.seconds(c.declaredP99()), PlacementAdvisor.seconds(c.measuredP99()),
                        PlacementAdvisor.seconds(c.slo()), c.declaredPerJob(), c.measuredPerJob(), c.overSlo() ? "  <-- over its SLO" : "");
                if (c.overSlo()) {
                    err.println("OVER SLO: step " + c.step() + " of " + declared.name() + " measures " + PlacementAdvisor.seconds(c.measuredP99())
                            + " at p99, over its SLO of " + PlacementAdvisor.seconds(c.slo()) + ": speed it up, give it more memory or a warm pool, "
                            + "or revise the SLO.");
                    problems++;
                }
            }
            out.println();
            for (PlacementAdvisor.Contradiction c : advisor.contradictions(blueprint)) {
                err.println("CONTRADICTION at the measured profile: " + c);
                problems++;
            }
        }
        if (problems == 0) {
            out.println("OK: at the measured figures every placement agrees with the advisor and every step meets its SLO.");
            return OK;
        }
        err.println(problems + " problem(s) at the measured figures.");
        return CONTRADICTION;
    }

    private static void print(Blueprint blueprint, PricingTable prices, Map<Step, Advice> review, PrintStream out) {
        out.printf(Locale.ROOT, "Pipeline %s %s, prices %s as of %s (cost per 1,000 jobs, USD)%n%n",
                blueprint.name(), blueprint.version(), prices.region(), prices.asOf());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"step", "kind", "declared", "advised", "fn $/1k", "agent $/1k", "fn p99", "agent p99"});
        double fnTotal = 0;
        double agentTotal = 0;
        for (Map.Entry<Step, Advice> e : review.entrySet()) {
            Step s = e.getKey();
            Advice a = e.getValue();
            rows.add(new String[] {s.name(), s.kind().name(), s.placement().name(),
                    a.placement().name() + (a.placement() == s.placement() ? "" : "  <-- contradiction"),
                    PlacementAdvisor.usd(a.function().usdPer1k()), PlacementAdvisor.usd(a.agent().usdPer1k()),
                    PlacementAdvisor.seconds(a.functionLatency()), PlacementAdvisor.seconds(a.agentLatency())});
            fnTotal += a.function().usdPer1k();
            agentTotal += a.agent().usdPer1k();
        }
        int[] widths = new int[rows.getFirst().length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", r[i])).append(i + 1 < r.length ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
        out.printf(Locale.ROOT, "%nAll steps as functions: %s per 1k jobs; all on the agent: %s per 1k jobs.%n",
                PlacementAdvisor.usd(fnTotal), PlacementAdvisor.usd(agentTotal));
        out.printf(Locale.ROOT, "Assumptions: cold start %d ms, agent dispatch %d ms, scale-out %d s, agent utilization %.0f%% steady / %.0f%% bursty.%n%n",
                prices.lambdaColdStartMs(), prices.agentDispatchMs(), prices.agentScaleOutMs() / 1000,
                prices.agentUtilizationSteady() * 100, prices.agentUtilizationBursty() * 100);
        out.println("Reasons:");
        review.forEach((s, a) -> out.println("  " + s.name() + ": " + String.join("; ", a.reasons())));
        out.println();
    }

    /**
     * The blueprint of a class with a {@code public static Blueprint blueprint()} method.
     *
     * @throws IllegalArgumentException naming what is wrong with the class
     */
    public static Blueprint loadBlueprint(String className) {
        try {
            Class<?> type = Class.forName(className);
            Method factory = type.getMethod("blueprint");
            if (!Modifier.isStatic(factory.getModifiers()) || !Blueprint.class.isAssignableFrom(factory.getReturnType())) {
                throw new IllegalArgumentException(className + ".blueprint() must be static and return a Blueprint");
            }
            return (Blueprint) factory.invoke(null);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("blueprint class " + className + " is not on the classpath");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(className + " has no public static Blueprint blueprint() method");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build blueprint " + className + ": " + e.getCause(), e);
        }
    }
}
