package dev.tandem.pipelines.linemaintenance.model;

import dev.tandem.contracts.json.Json;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The hosted anomaly model: a SageMaker endpoint (any model, any container) that answers the contract
 * {@value #CONTRACT}, invoked with {@code InvokeEndpoint} per machine. The request, {@code application/json}:
 *
 * <pre>{@code
 * {"contract": "tandem.line-maintenance.anomaly/v1", "machineId": "press-2",
 *  "signals": ["vibrationRms", "bearingTemperature", "motorCurrent"],
 *  "baseline": {"vibrationRms": {"median": 2.1, "mad": 0.1}, ...},
 *  "readings": [{"at": "2026-03-02T08:00:00Z", "vibrationRms": 2.2, "bearingTemperature": 61.0, "motorCurrent": 14.2,
 *                "cycleCount": 1200}, ...]}
 * }</pre>
 *
 * readings in time order, a signal the sensor did not report absent from its reading. The answer:
 * {@code {"model": "iforest-line@3.2.0", "score": 4.08, "signals": {"vibrationRms": 4.08, ...}}}: the model and its version
 * (what every decision records, so a decision names the model the endpoint ran, whatever its variant), the machine's score in
 * robust standard deviations off its baseline (the unit the policy bundle's bands are in), and optionally each signal's.
 * While the endpoint shifts traffic to a new version, one batch's machines may be scored by two: the job names both and
 * each decision its own ({@link MachineScore#versions}).
 *
 * <p>The safety limit and the dropped sensors are not the model's to say ({@link Observations}): a machine over its
 * limit stops whatever the endpoint answers. An answer outside the contract fails the step ({@link ContractException},
 * naming the endpoint and what is wrong); the workflow does not retry it. Throttling and the endpoint's transient
 * errors are retried by the client; there is no fallback to the embedded model, which would change the model a
 * decision records without anyone deciding so.
 */
public final class SageMakerAnomalyModel implements AnomalyModel {

    public static final String CONTRACT = "tandem.line-maintenance.anomaly/v1";
    private static final String JSON = "application/json";
    /** {@code modelId@version}, as the decisions and the lineage's model nodes carry it. */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}@[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}");

    /** An answer that breaks the contract. Not retried: the job fails with this message as its cause. */
    public static final class ContractException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ContractException(String message) {
            super(message);
        }
    }

    /** What the endpoint is asked. */
    record Request(String contract, String machineId, List<String> signals, Map<String, LineRegistry.Baseline> baseline,
                   List<TelemetryBatch.Reading> readings) {
    }

    /** What it answers. */
    record Answer(String model, Double score, Map<String, Double> signals) {
    }

    private final SageMakerRuntimeClient client;
    private final String endpoint;

    public SageMakerAnomalyModel(SageMakerRuntimeClient client, String endpoint) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public String provider() {
        return "sagemaker:" + endpoint;
    }

    @Override
    public MachineScore score(LineRegistry.Machine machine, List<TelemetryBatch.Reading> readings) {
        Map<String, LineRegistry.Baseline> baseline = new LinkedHashMap<>();
        Observations.SIGNALS.forEach(s -> baseline.put(s.name(), s.baseline().apply(machine)));
        String request = Json.write(new Request(CONTRACT, machine.id(), List.copyOf(baseline.keySet()), baseline, readings));
        String body = client.invokeEndpoint(b -> b.endpointName(endpoint).contentType(JSON).accept(JSON)
                .body(SdkBytes.fromUtf8String(request))).body().asUtf8String();
        Answer answer;
        try {
            answer = Json.read(body, Answer.class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw refused(machine, "is not a JSON object of " + CONTRACT);
        }
        if (answer == null || answer.model() == null || !MODEL.matcher(answer.model()).matches()) {
            throw refused(machine, "names no model as modelId@version");
        }
        if (answer.score() == null || !Double.isFinite(answer.score()) || answer.score() < 0) {
            throw refused(machine, "has no score, or one that is not a finite number of standard deviations >= 0");
        }
        Map<String, Double> signals = answer.signals() == null ? Map.of() : answer.signals();
        for (Map.Entry<String, Double> s : signals.entrySet()) {
            if (!baseline.containsKey(s.getKey()) || s.getValue() == null || !Double.isFinite(s.getValue()) || s.getValue() < 0) {
                throw refused(machine, "scores a signal that is not one of " + baseline.keySet() + ", or not as a finite number >= 0: "
                        + s.getKey());
            }
        }
        return Observations.score(machine, readings, answer.model(), answer.score(), signals);
    }

    private ContractException refused(LineRegistry.Machine machine, String what) {
        return new ContractException("SageMaker endpoint " + endpoint + "'s answer for machine " + machine.id() + " " + what);
    }
}
