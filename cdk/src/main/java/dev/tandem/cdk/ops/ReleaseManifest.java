package dev.tandem.cdk.ops;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one deployment of a stage put live: recorded in SSM after every deploy (one parameter, whose
 * version history is the release history) and the unit a rollback returns to.
 *
 * @param functions            function name -> the version its {@code live} alias points to
 * @param stateMachines        each pipeline's state machine {@code live} alias ARN -> the version ARN it routes to
 * @param taskDefinition       the agent service's task definition ARN (revision)
 * @param agentImageDigest     the agent image, {@code sha256:...}
 * @param policyBundle         the agent's policy bundle id ({@code 1.0.0+<hash>})
 * @param model                the sensitivity model reference, e.g. {@code embedded-lexicon@1.0.0}
 * @param promptVersion        the Bedrock prompt version, or null for the embedded model
 * @param pipelineVersions     what each pipeline names as shipped with its functions ({@code PipelineDefinition.releaseVersions()}),
 *                             by {@code <pipeline>/<name>}, e.g. {@code claims-triage/classifier}; empty in manifests
 *                             recorded before pipelines named any
 */
public record ReleaseManifest(String stage, Instant recordedAt, Map<String, String> functions,
                              Map<String, String> stateMachines, String taskDefinition, String agentImageDigest, String policyBundle,
                              String model, String promptVersion, String note, Map<String, String> pipelineVersions) {

    public ReleaseManifest(String stage, Instant recordedAt, Map<String, String> functions, Map<String, String> stateMachines,
                           String taskDefinition, String agentImageDigest, String policyBundle, String model, String promptVersion,
                           String note) {
        this(stage, recordedAt, functions, stateMachines, taskDefinition, agentImageDigest, policyBundle, model, promptVersion, note, Map.of());
    }

    public ReleaseManifest {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(recordedAt, "recordedAt");
        stateMachines = new TreeMap<>(Objects.requireNonNull(stateMachines, "stateMachines"));
        Objects.requireNonNull(taskDefinition, "taskDefinition");
        functions = new TreeMap<>(Objects.requireNonNull(functions, "functions"));
        pipelineVersions = pipelineVersions == null ? Map.of() : new TreeMap<>(pipelineVersions);
    }

    public ReleaseManifest withNote(String value, Instant at) {
        return new ReleaseManifest(stage, at, functions, stateMachines, taskDefinition, agentImageDigest,
                policyBundle, model, promptVersion, value, pipelineVersions);
    }
}
