package dev.tandem.pipelines.linemaintenance;

import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.pipeline.spi.EvidenceRejectedException;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.ItemGovernedStep;
import dev.tandem.contracts.pipeline.spi.ItemRequest;
import dev.tandem.contracts.pipeline.spi.PolicyBundleRef;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.contracts.pipeline.spi.PolicyRequest.Entity;
import dev.tandem.contracts.pipeline.spi.StatePath;
import dev.tandem.pipelines.linemaintenance.model.MachineScore;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's governed step: Cedar decides each machine of the batch, on its score and its durable state.
 *
 * <p>Cedar entities (the bundle's {@code schema.cedarschema}): the principal is the {@code LineMaintenance::Source} that
 * sent the batch, in its {@code LineMaintenance::Role}s; the action is {@code decide}; the resource is the
 * {@code LineMaintenance::Machine} {@code <line>/<machine>} in its {@code LineMaintenance::Line}, with the model's score
 * (hundredths), the safety limit, the dropped signals and its state (open work order, rising batches, stop awaiting
 * approval). The context says whether the line stops for safety anyway (a machine of the batch is over its limit) and
 * which model scored.
 */
public final class LineMaintenanceGovernance implements ItemGovernedStep<LineMaintenanceGovernance.Attributes, MachineState> {

    public static final String NAME = "decide";
    public static final PolicyBundleRef BUNDLE = new PolicyBundleRef("policies/line-maintenance/decide", "1.0.0");

    /** The decisions, weakest first. */
    public static final String CONTINUE = "CONTINUE";
    public static final String SCHEDULE_MAINTENANCE = "SCHEDULE_MAINTENANCE";
    public static final String DERATE = "DERATE";
    public static final String STOP_LINE = "STOP_LINE";
    public static final List<String> DECISIONS = List.of(CONTINUE, SCHEDULE_MAINTENANCE, DERATE, STOP_LINE);

    /** The job attribute the input contract keeps: the line. */
    static final String JOB_LINE = "line";

    /** A machine that scores under this (in robust standard deviations), reports every signal and is under its limit reads healthy. */
    static final double HEALTHY = 1.5;

    private static final String NS = "LineMaintenance::";

    /**
     * What Assess tells the agent; each is checked against the evidence (the scores object) and the job.
     *
     * @param lineId       the line
     * @param modelVersion the model that scored the machines
     * @param machines     the machines scored
     */
    public record Attributes(String lineId, String modelVersion, List<String> machines) {
        public Attributes {
            machines = machines == null ? List.of() : List.copyOf(machines);
        }
    }

    private final Step assess;

    LineMaintenanceGovernance(Blueprint blueprint) {
        this.assess = blueprint.step("Assess");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Attributes> attributesType() {
        return Attributes.class;
    }

    @Override
    public Map<String, StatePath> attributePaths() {
        return Map.of("lineId", StatePath.result(assess).field("lineId"),
                "modelVersion", StatePath.result(assess).field("modelVersion"),
                "machines", StatePath.result(assess).field("machines"));
    }

    @Override
    public StatePath evidencePath() {
        return StatePath.result(assess).field("evidence");
    }

    /** ALLOW (the machines' actions go out), REVIEW_REQUIRED (a stop waits for the supervisor), DENY (a source that may not send). */
    @Override
    public Set<Outcome> outcomes() {
        return EnumSet.of(Outcome.ALLOW, Outcome.REVIEW_REQUIRED, Outcome.DENY);
    }

    @Override
    public PolicyBundleRef bundle() {
        return BUNDLE;
    }

    @Override
    public Set<String> jobAttributes() {
        return Set.of(JOB_LINE);
    }

    @Override
    public List<String> decisions() {
        return DECISIONS;
    }

    @Override
    public Class<MachineState> stateType() {
        return MachineState.class;
    }

    /** The batch's machines, {@code <line>/<machine>}, once the evidence and the attributes agree with each other and the job. */
    @Override
    public List<String> items(GovernContext<Attributes> context) {
        Map<String, MachineScore> scores = scores(context);
        return scores.keySet().stream().map(machine -> item(context.attributes().lineId(), machine)).toList();
    }

    @Override
    public MachineState initialState(String item) {
        return MachineState.NEW;
    }

    /** One request per machine, from the scores read once: each machine's score, its state, and whether the line stops for safety anyway. */
    @Override
    public Map<String, ItemRequest> requests(GovernContext<Attributes> context, Map<String, MachineState> states) {
        Map<String, MachineScore> scores = scores(context);
        boolean lineSafetyStop = scores.values().stream().anyMatch(MachineScore::overSafetyLimit);
        Map<String, ItemRequest> requests = new LinkedHashMap<>();
        states.forEach((item, state) -> requests.put(item, request(context, item, state, scores, lineSafetyStop)));
        return requests;
    }

    private static ItemRequest request(GovernContext<Attributes> context, String item, MachineState state, Map<String, MachineScore> scores,
                                       boolean lineSafetyStop) {
        String machine = item.substring(item.indexOf('/') + 1);
        MachineScore score = scores.get(machine);
        if (score == null) {
            throw new EvidenceRejectedException("the scores name no machine " + machine);
        }
        List<Entity> entities = new ArrayList<>();
        Entity principal = Entity.principal(context.principal(), NS + "Source", NS + "Role", entities);
        Entity line = Entity.of(NS + "Line", context.attributes().lineId());
        entities.add(line);
        Entity action = Entity.of(NS + "Action", "decide");
        Map<String, Object> attributes = new LinkedHashMap<>();
        // Cedar has no decimals: the score in hundredths of a robust standard deviation.
        attributes.put("scoreCenti", centi(score.score()));
        attributes.put("overSafetyLimit", score.overSafetyLimit());
        attributes.put("droppedSignals", score.droppedSignals());
        attributes.put("openWorkOrder", state.openWorkOrder() != null);
        attributes.put("risingBatches", (long) state.risingBatches());
        attributes.put("awaitingApproval", state.awaitingApproval());
        Entity resource = Entity.of(NS + "Machine", item, attributes, List.of(line.ref()));
        Map<String, Object> requestContext = Map.of("lineSafetyStop", lineSafetyStop, "modelVersion", context.attributes().modelVersion());
        Map<String, String> basis = new LinkedHashMap<>();
        basis.put("modelVersion", score.model());
        basis.put("score", String.format(Locale.ROOT, "%.2f", score.score()));
        basis.put("overSafetyLimit", Boolean.toString(score.overSafetyLimit()));
        basis.put("droppedSignals", String.join(",", score.droppedSignals()));
        if (score.maxBearingTemperature() != null) {
            basis.put("maxBearingTemperature", String.format(Locale.ROOT, "%.1f", score.maxBearingTemperature()));
        }
        if (state.openWorkOrder() != null) {
            basis.put("openWorkOrder", state.openWorkOrder());
        }
        return new ItemRequest(new PolicyRequest(principal, action, resource, requestContext, entities, null), basis);
    }

    /**
     * A decision moves the machine's state: the score joins the trend; SCHEDULE_MAINTENANCE opens a work order unless one
     * is open (which closes when the machine reads healthy again); a stop needing approval is remembered. A denied
     * machine (a source that may not send) leaves the state as it was.
     */
    @Override
    public MachineState next(String item, MachineState state, ItemDecision decision, Instant decidedAt) {
        if (decision.decision() == null) {
            return state;
        }
        double score = Double.parseDouble(decision.basis().get("score"));
        boolean healthy = score < HEALTHY && decision.basis().getOrDefault("droppedSignals", "").isEmpty()
                && !Boolean.parseBoolean(decision.basis().get("overSafetyLimit"));
        String workOrder = SCHEDULE_MAINTENANCE.equals(decision.decision()) ? WorkOrders.id(decision) : null;
        return state.after(centi(score), healthy, decision.decision(), workOrder, decision.outcome() == Outcome.REVIEW_REQUIRED, decidedAt);
    }

    static String item(String line, String machine) {
        return line + "/" + machine;
    }

    private static long centi(double score) {
        return Math.round(score * 100);
    }

    /** The scores object by machine, checked against the attributes and the job's line. */
    private static Map<String, MachineScore> scores(GovernContext<Attributes> context) {
        MachineScore[] scores;
        try {
            scores = Json.read(new String(context.evidence(), StandardCharsets.UTF_8), MachineScore[].class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new EvidenceRejectedException("the evidence is not a list of machine scores");
        }
        if (scores == null) {
            throw new EvidenceRejectedException("the evidence is not a list of machine scores");
        }
        Attributes attributes = context.attributes();
        if (!attributes.lineId().equals(context.jobAttribute(JOB_LINE))) {
            throw new EvidenceRejectedException("the task's line " + attributes.lineId() + " is not job " + context.jobId() + "'s line");
        }
        Map<String, MachineScore> byMachine = new LinkedHashMap<>();
        for (MachineScore s : scores) {
            if (!s.model().equals(attributes.modelVersion())) {
                throw new EvidenceRejectedException("machine " + s.machineId() + " was scored by " + s.model() + ", not " + attributes.modelVersion());
            }
            if (byMachine.put(s.machineId(), s) != null) {
                throw new EvidenceRejectedException("the scores name machine " + s.machineId() + " twice");
            }
        }
        if (!List.copyOf(byMachine.keySet()).equals(attributes.machines())) {
            throw new EvidenceRejectedException("the task's machines " + attributes.machines() + " are not the scores' " + byMachine.keySet());
        }
        return byMachine;
    }
}
