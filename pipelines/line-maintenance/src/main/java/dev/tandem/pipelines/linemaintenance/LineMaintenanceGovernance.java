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
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
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
 * approval, an operator's hold, the healthy batches in a row with this one, a cooldown). The context says whether the
 * line stops for safety anyway (a machine of the batch is over its limit) and which model scored. A job of an operator's overrides asks the action {@code override} per machine
 * instead, its context the override ({@code CLOSE_WORK_ORDER}, {@code HOLD_DERATED}, {@code RELEASE_HOLD}); the decision
 * is what the machine does from then on, and {@link #next} applies the override to its state.
 */
public final class LineMaintenanceGovernance implements ItemGovernedStep<LineMaintenanceGovernance.Attributes, MachineState> {

    public static final String NAME = "decide";
    public static final PolicyBundleRef BUNDLE = new PolicyBundleRef("policies/line-maintenance/decide", "1.2.0");

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

    /** An override's action, its operator and reason, as the decision's basis records them. */
    public static final String OVERRIDE = "override";
    public static final String OVERRIDE_BY = "overrideBy";
    public static final String OVERRIDE_REASON = "overrideReason";

    /**
     * What Assess tells the agent; each is checked against the evidence (the scores and the overrides) and the job.
     *
     * @param lineId       the line
     * @param modelVersion the model that scored the machines (the one the functions ship, for a job of overrides; several,
     *                     as {@link MachineScore#versions} names them, where a hosted model's endpoint was being updated)
     * @param machines     the machines scored
     * @param overridden   the machines an operator overrides
     */
    public record Attributes(String lineId, String modelVersion, List<String> machines, List<String> overridden) {
        public Attributes {
            machines = machines == null ? List.of() : List.copyOf(machines);
            overridden = overridden == null ? List.of() : List.copyOf(overridden);
        }

        public Attributes(String lineId, String modelVersion, List<String> machines) {
            this(lineId, modelVersion, machines, List.of());
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
                "machines", StatePath.result(assess).field("machines"),
                "overridden", StatePath.result(assess).field("overridden"));
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

    /**
     * The batch's machines, {@code <line>/<machine>} (or the machines an operator overrides), once the evidence and the
     * attributes agree with each other and the job.
     */
    @Override
    public List<String> items(GovernContext<Attributes> context) {
        Verified verified = verified(context);
        List<String> items = new ArrayList<>();
        verified.scores().keySet().forEach(machine -> items.add(item(context.attributes().lineId(), machine)));
        verified.overrides().keySet().forEach(machine -> items.add(item(context.attributes().lineId(), machine)));
        return items;
    }

    @Override
    public MachineState initialState(String item) {
        return MachineState.NEW;
    }

    /**
     * One request per machine, from the evidence read once: a scored machine is decided ({@code decide}) on its score, its
     * state and whether the line stops for safety anyway; an overridden one ({@code override}) on the operator's action
     * and its state.
     */
    @Override
    public Map<String, ItemRequest> requests(GovernContext<Attributes> context, Map<String, MachineState> states) {
        Verified verified = verified(context);
        boolean lineSafetyStop = verified.scores().values().stream().anyMatch(MachineScore::overSafetyLimit);
        Map<String, ItemRequest> requests = new LinkedHashMap<>();
        states.forEach((item, state) -> {
            String machine = item.substring(item.indexOf('/') + 1);
            TelemetryBatch.Override override = verified.overrides().get(machine);
            requests.put(item, override != null ? overrideRequest(context, item, state, override)
                    : request(context, item, state, verified.scores(), lineSafetyStop));
        });
        return requests;
    }

    /** An operator's override: who, what and why go into the decision's basis, which {@link #next} applies. */
    private static ItemRequest overrideRequest(GovernContext<Attributes> context, String item, MachineState state,
                                               TelemetryBatch.Override override) {
        Map<String, String> basis = new LinkedHashMap<>();
        basis.put(OVERRIDE, override.action().name());
        basis.put(OVERRIDE_BY, context.principal().subject());
        basis.put(OVERRIDE_REASON, override.reason());
        if (state.openWorkOrder() != null) {
            basis.put("openWorkOrder", state.openWorkOrder());
        }
        return new ItemRequest(machineRequest(context, "override", item, machineAttributes(Math.max(0, state.lastScore()), false,
                List.of(), state.healthyBatches(), state), Map.of("override", override.action().name())), basis);
    }

    /** A request about one machine of the job's line, by the job's submitter in its roles. */
    private static PolicyRequest machineRequest(GovernContext<Attributes> context, String action, String item, Map<String, Object> attributes,
                                                Map<String, Object> requestContext) {
        List<Entity> entities = new ArrayList<>();
        Entity principal = Entity.principal(context.principal(), NS + "Source", NS + "Role", entities);
        Entity line = Entity.of(NS + "Line", context.attributes().lineId());
        entities.add(line);
        Entity resource = Entity.of(NS + "Machine", item, attributes, List.of(line.ref()));
        return new PolicyRequest(principal, Entity.of(NS + "Action", action), resource, requestContext, entities, null);
    }

    /** A machine entity's attributes: its score and what the batch saw, and its state. */
    private static Map<String, Object> machineAttributes(long scoreCenti, boolean overSafetyLimit, List<String> droppedSignals, int healthyBatches,
                                                         MachineState state) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        // Cedar has no decimals: the score in hundredths of a robust standard deviation.
        attributes.put("scoreCenti", scoreCenti);
        attributes.put("overSafetyLimit", overSafetyLimit);
        attributes.put("droppedSignals", droppedSignals);
        attributes.put("openWorkOrder", state.openWorkOrder() != null);
        attributes.put("risingBatches", (long) state.risingBatches());
        attributes.put("awaitingApproval", state.awaitingApproval());
        attributes.put("operatorHold", state.operatorHold() != null);
        attributes.put("healthyBatches", (long) healthyBatches);
        attributes.put("coolingDown", state.coolingDown());
        return attributes;
    }

    private static ItemRequest request(GovernContext<Attributes> context, String item, MachineState state, Map<String, MachineScore> scores,
                                       boolean lineSafetyStop) {
        String machine = item.substring(item.indexOf('/') + 1);
        MachineScore score = scores.get(machine);
        if (score == null) {
            throw new EvidenceRejectedException("the scores name no machine " + machine);
        }
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
        if (state.operatorHold() != null) {
            basis.put("operatorHold", state.operatorHold().by());
        }
        long scoreCenti = centi(score.score());
        boolean healthy = healthy(scoreCenti, !score.droppedSignals().isEmpty(), score.overSafetyLimit());
        return new ItemRequest(machineRequest(context, "decide", item, machineAttributes(scoreCenti, score.overSafetyLimit(),
                score.droppedSignals(), state.healthyBatchesWith(healthy), state),
                Map.of("lineSafetyStop", lineSafetyStop, "modelVersion", context.attributes().modelVersion())), basis);
    }

    /**
     * A decision moves the machine's state: the score joins the trend; SCHEDULE_MAINTENANCE opens a work order unless one
     * is open (which closes when the machine reads healthy again); a stop needing approval is remembered; a derate or a
     * stop on unhealthy readings starts a cooldown, which the first decision to run at full speed ends. A denied
     * machine (a source that may not send) leaves the state as it was.
     */
    @Override
    public MachineState next(String item, MachineState state, ItemDecision decision, Instant decidedAt) {
        if (decision.decision() == null) {
            return state;
        }
        String override = decision.basis().get(OVERRIDE);
        if (override != null) {
            return state.overridden(TelemetryBatch.OverrideAction.valueOf(override), decision.basis().get(OVERRIDE_BY),
                    decision.basis().get(OVERRIDE_REASON), decision.decision(), decidedAt);
        }
        double score = Double.parseDouble(decision.basis().get("score"));
        boolean healthy = healthy(centi(score), !decision.basis().getOrDefault("droppedSignals", "").isEmpty(),
                Boolean.parseBoolean(decision.basis().get("overSafetyLimit")));
        String workOrder = SCHEDULE_MAINTENANCE.equals(decision.decision()) ? WorkOrders.id(decision) : null;
        return state.after(centi(score), healthy, decision.decision(), workOrder, decision.outcome() == Outcome.REVIEW_REQUIRED, decidedAt);
    }

    /**
     * Whether a machine reads healthy: a low score, every signal reporting, under its safety limit. On the score in
     * hundredths, as the request and the decision's basis both carry it.
     */
    static boolean healthy(long scoreCenti, boolean signalsDropped, boolean overSafetyLimit) {
        return scoreCenti < Math.round(HEALTHY * 100) && !signalsDropped && !overSafetyLimit;
    }

    static String item(String line, String machine) {
        return line + "/" + machine;
    }

    private static long centi(double score) {
        return Math.round(score * 100);
    }

    /** The evidence's scores and overrides by machine, in its order. */
    private record Verified(Map<String, MachineScore> scores, Map<String, TelemetryBatch.Override> overrides) {
    }

    /** The evidence, checked against the attributes and the job's line. */
    private static Verified verified(GovernContext<Attributes> context) {
        DecisionEvidence evidence;
        try {
            evidence = Json.read(new String(context.evidence(), StandardCharsets.UTF_8), DecisionEvidence.class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new EvidenceRejectedException("the evidence is not the batch's scores and overrides");
        }
        if (evidence == null) {
            throw new EvidenceRejectedException("the evidence is not the batch's scores and overrides");
        }
        Attributes attributes = context.attributes();
        if (!attributes.lineId().equals(context.jobAttribute(JOB_LINE))) {
            throw new EvidenceRejectedException("the task's line " + attributes.lineId() + " is not job " + context.jobId() + "'s line");
        }
        Map<String, MachineScore> byMachine = new LinkedHashMap<>();
        List<String> models = MachineScore.versionsOf(attributes.modelVersion());
        for (MachineScore s : evidence.scores()) {
            if (!models.contains(s.model())) {
                throw new EvidenceRejectedException("machine " + s.machineId() + " was scored by " + s.model() + ", not " + attributes.modelVersion());
            }
            if (byMachine.put(s.machineId(), s) != null) {
                throw new EvidenceRejectedException("the scores name machine " + s.machineId() + " twice");
            }
        }
        if (!byMachine.isEmpty() && !MachineScore.versions(evidence.scores()).equals(attributes.modelVersion())) {
            throw new EvidenceRejectedException("the task's models " + attributes.modelVersion() + " are not the scores' "
                    + MachineScore.versions(evidence.scores()));
        }
        if (!List.copyOf(byMachine.keySet()).equals(attributes.machines())) {
            throw new EvidenceRejectedException("the task's machines " + attributes.machines() + " are not the scores' " + byMachine.keySet());
        }
        Map<String, TelemetryBatch.Override> overrides = new LinkedHashMap<>();
        for (TelemetryBatch.Override o : evidence.overrides()) {
            if (o.action() == null || byMachine.containsKey(o.machineId()) || overrides.put(o.machineId(), o) != null) {
                throw new EvidenceRejectedException("the overrides name machine " + o.machineId() + " twice, or with no action");
            }
        }
        if (!List.copyOf(overrides.keySet()).equals(attributes.overridden())) {
            throw new EvidenceRejectedException("the task's overridden machines " + attributes.overridden() + " are not the evidence's "
                    + overrides.keySet());
        }
        return new Verified(byMachine, overrides);
    }
}
