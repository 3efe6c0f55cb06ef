package dev.tandem.functions.pipelines;

import dev.tandem.contracts.api.PipelineList;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.killswitch.KillSwitch;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.placement.Advice;
import dev.tandem.contracts.placement.PlacementAdvisor;
import dev.tandem.contracts.placement.PricingTable;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Contracts;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/pipelines} and {@code GET /v1/pipelines/{pipeline}}: the pipelines this deployment carries
 * (as found on the class path), each with its blueprint, the placement advisor's view of every step, its input
 * contract and its kill switch. Any authenticated caller: it is the deployment's metadata, no job data.
 */
@Singleton
public class PipelineCatalog {

    private final KillSwitch killSwitch;
    private final List<PipelineDefinition> pipelines = Pipelines.all();
    private final PlacementAdvisor advisor = new PlacementAdvisor(PricingTable.defaults());

    public PipelineCatalog(KillSwitch killSwitch) {
        this.killSwitch = killSwitch;
    }

    public ApiResponse list(ApiRequest request) {
        Requests.requireRole(request, Role.values());
        List<PipelineList.Item> items = new ArrayList<>();
        String defaultPipeline = Pipelines.defaultPipeline().map(PipelineDefinition::name).orElse(null);
        for (PipelineDefinition p : pipelines) {
            items.add(new PipelineList.Item(p.name(), p.blueprint().version(), p.name().equals(defaultPipeline),
                    killSwitch.isOn(p.name()) ? "on" : "off", new PipelineList.Links("/v1/pipelines/" + p.name())));
        }
        return ApiResponse.json(200, new PipelineList(items));
    }

    public ApiResponse get(ApiRequest request) {
        Requests.requireRole(request, Role.values());
        PipelineDefinition p = fromPath(request, pipelines);
        Map<Step, Advice> advice = advisor.review(p.blueprint());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step step : p.blueprint().steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", step.name());
            s.put("kind", step.kind().name());
            s.put("placement", step.placement() == null ? null : step.placement().name());
            s.put("handler", step.handler());
            s.put("timeoutSeconds", step.timeout() == null ? null : step.timeout().toSeconds());
            if (step.placement() == dev.tandem.contracts.blueprint.Placement.AGENT) {
                s.put("governed", governed(p.governedStepFor(step)));
            }
            Advice a = advice.get(step);
            if (a != null) {
                s.put("advised", Map.of("placement", a.placement().name(), "reasons", a.reasons(),
                        "usdPer1kJobsAsFunction", a.function().usdPer1k(), "usdPer1kJobsOnAgent", a.agent().usdPer1k()));
            }
            steps.add(s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", p.name());
        body.put("version", p.blueprint().version());
        body.put("killSwitch", Map.of("parameter", killSwitch.parameter(p.name()), "state", killSwitch.isOn(p.name()) ? "on" : "off"));
        body.put("inputSchema", schema(p));
        body.put("steps", steps);
        return ApiResponse.json(200, body);
    }

    /**
     * The deployed pipeline a route's {@code {pipeline}} path parameter names: a 400 naming the parameter when it is not a
     * pipeline's name, a 404 when no such pipeline is deployed here.
     */
    public static PipelineDefinition fromPath(ApiRequest request, List<PipelineDefinition> deployed) {
        String name = request.pathParameters().get("pipeline");
        if (name == null || !name.matches(PipelineDefinition.NAME_PATTERN)) {
            throw ApiException.invalidParameter("/pathParameters/pipeline",
                    "pipeline must be a pipeline's name: 3-32 lower-case letters, digits and dashes (GET /v1/pipelines lists them)");
        }
        return deployed.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "No pipeline " + name + " is deployed here; see GET /v1/pipelines."));
    }

    /** What the agent decides a governed step with: its bundle (as declared), attributes and evidence. */
    private static Map<String, Object> governed(GovernedStep<?> g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", g.name());
        // The declared bundle; an agent started with TANDEM_AGENT_POLICY_VERSIONS may run another version of it.
        out.put("policyBundle", Map.of("location", g.bundle().location(), "version", g.bundle().version()));
        Map<String, String> attributes = new java.util.TreeMap<>();
        g.attributePaths().forEach((k, v) -> attributes.put(k, v.path()));
        out.put("attributes", attributes);
        out.put("evidence", g.evidencePath().path());
        return out;
    }

    /** The schema the API validates the pipeline's submissions with (its own, with the {@code pipeline} field). */
    private static JsonNode schema(PipelineDefinition p) {
        return Contracts.validator().inputSchema(p.name()).orElseThrow(
                () -> new IllegalStateException("pipeline " + p.name() + " has no compiled input schema"));
    }
}
