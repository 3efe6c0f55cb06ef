package dev.tandem.pipelines.documentcompliance.steps.assess;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.ModelInvocation;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.functions.config.FunctionsConfig;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepState.Assessment;
import dev.tandem.functions.steps.StepState.ChunkAnalysis;
import dev.tandem.functions.steps.analysis.Analyzer;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Assess: merges the chunks' findings (de-duplicated by type and offsets, a safety net behind the
 * chunk ownership rule), writes them as one object, scores the risk and chooses the path.
 */
@Singleton
public class Assess {

    public static final String STEP = "Assess";

    private final Payloads payloads;
    private final JobTable jobs;
    private final double threshold;

    public Assess(Payloads payloads, JobTable jobs, FunctionsConfig config) {
        this.payloads = payloads;
        this.jobs = jobs;
        this.threshold = config.modelThreshold();
    }

    public Assessment run(String jobId, DataClassification classification, List<ChunkAnalysis> chunks, StepContext context) {
        Instant started = Instant.now();
        jobs.stepEnded(jobId, "Analyze", started, started, StepProgress.State.SUCCEEDED);
        List<Finding> all = new ArrayList<>();
        Map<String, ModelInvocation> models = new LinkedHashMap<>();
        double modelScore = 0;
        for (ChunkAnalysis chunk : chunks.stream().sorted(Comparator.comparingInt(ChunkAnalysis::index)).toList()) {
            all.addAll(payloads.readFindings(chunk.findings().uri()));
            models.putIfAbsent(chunk.model().reference(), chunk.model());
            modelScore = Math.max(modelScore, chunk.model().score());
        }
        List<Finding> findings = Analyzer.resolveOverlaps(all);
        Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
        findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
        PayloadRef ref = payloads.putJson("findings", "jobs/" + jobId + "/findings.json", findings);
        jobs.recordInference(jobId, inference(chunks, counts));
        RiskModel.Result risk = RiskModel.assess(counts.keySet(), classification, modelScore, threshold);
        jobs.stepEnded(jobId, STEP, started, Instant.now(), StepProgress.State.SUCCEEDED);
        return new Assessment(risk.governed() ? Assessment.GOVERNED : Assessment.FAST, risk.riskScore(), modelScore, threshold,
                new ArrayList<>(new TreeSet<>(counts.keySet())), counts, ref, new ArrayList<>(models.values()), risk.reasons(), context.function());
    }

    /**
     * What the job's models did, for its KPIs: one classification per chunk, the tokens the model reported, and the
     * resolved findings by type as the job's feature mix.
     */
    static JobKpis.Inference inference(List<ChunkAnalysis> chunks, Map<FindingType, Integer> counts) {
        String models = chunks.stream().map(c -> c.model().reference()).distinct().sorted().collect(java.util.stream.Collectors.joining(","));
        Map<String, Long> features = new java.util.TreeMap<>();
        counts.forEach((type, n) -> features.put(type.name(), (long) n));
        return new JobKpis.Inference(models, chunks.size(), chunks.stream().mapToLong(c -> c.model().inputTokens()).sum(),
                chunks.stream().mapToLong(c -> c.model().outputTokens()).sum(), features);
    }
}
