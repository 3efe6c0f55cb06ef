package dev.tandem.contracts.api;

import dev.tandem.contracts.blueprint.Blueprint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The computations behind a pipeline's KPIs that more than one reader makes (the API's answer from the KPI table, the
 * operations CLI's from a stage's CloudWatch metrics), declared once so both judge drift and SLOs alike.
 */
public final class KpiMath {

    private KpiMath() {
    }

    /** A drift judgement: the population stability index, whether it signals, and a note saying why or why not. */
    public record Judgement(double psi, boolean signal, String note) {
    }

    /**
     * Judges a mix (counts by key) against its baseline: the PSI ({@link #psi}), which signals at
     * {@link PipelineKpis#DRIFT_PSI} or more once both windows hold {@link PipelineKpis#DRIFT_MIN_JOBS} jobs.
     *
     * @param what what the mix is of, for the note (e.g. {@code outcome})
     */
    public static <K> Judgement judge(Map<K, Long> before, long beforeTotal, Map<K, Long> now, long nowTotal, long beforeJobs, long nowJobs,
                                      String what) {
        double psi = psi(before, beforeTotal, now, nowTotal);
        boolean enough = enough(beforeJobs, nowJobs);
        boolean signal = enough && psi >= PipelineKpis.DRIFT_PSI;
        return new Judgement(round(psi), signal, !enough ? tooFew(beforeJobs, nowJobs) : signal ? "the " + what + " mix moved"
                : "the " + what + " mix holds");
    }

    /** The population stability index of two count distributions over the union of their keys, each share smoothed by half. */
    public static <K> double psi(Map<K, Long> before, long beforeTotal, Map<K, Long> now, long nowTotal) {
        Set<K> keys = new HashSet<>(before.keySet());
        keys.addAll(now.keySet());
        int k = keys.size();
        double psi = 0;
        for (K key : keys) {
            double b = (before.getOrDefault(key, 0L) + 0.5) / (beforeTotal + 0.5 * k);
            double c = (now.getOrDefault(key, 0L) + 0.5) / (nowTotal + 0.5 * k);
            psi += (c - b) * Math.log(c / b);
        }
        return psi;
    }

    public static boolean enough(long beforeJobs, long nowJobs) {
        return beforeJobs >= PipelineKpis.DRIFT_MIN_JOBS && nowJobs >= PipelineKpis.DRIFT_MIN_JOBS;
    }

    public static String tooFew(long beforeJobs, long nowJobs) {
        return "too few jobs to judge (" + beforeJobs + " before, " + nowJobs + " now; " + PipelineKpis.DRIFT_MIN_JOBS + " each needed)";
    }

    /** Each step's latency SLO in milliseconds (its profile's), by step name and by the handler it runs. */
    public static Map<String, Long> slos(Blueprint blueprint) {
        Map<String, Long> slos = new HashMap<>();
        blueprint.all().filter(s -> s.profile() != null && s.profile().latencySlo() != null).forEach(s -> {
            slos.put(s.name(), s.profile().latencySlo().toMillis());
            if (s.handler() != null) {
                slos.putIfAbsent(s.handler(), s.profile().latencySlo().toMillis());
            }
        });
        return slos;
    }

    /** The KPIs' rounding: nine decimals (USD to a billionth). */
    public static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }
}
