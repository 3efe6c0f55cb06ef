package dev.tandem.contracts.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which running agent made a decision, for audit and lineage: on ECS the task ARN and the image digest
 * from the task metadata endpoint; locally the host and process.
 *
 * @param id          short, stable name of this agent instance, e.g. the ECS task id
 * @param taskArn     the ECS task ARN; null outside ECS
 * @param image       the container image reference; null outside ECS
 * @param imageDigest the image digest ({@code sha256:...}); null outside ECS
 * @param version     the agent's build version
 */
public record AgentIdentity(String id, String taskArn, String image, String imageDigest, String version) {

    public AgentIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }

    /** The non-null fields, as lineage attributes. */
    public Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("identity", id);
        attributes.put("version", version);
        if (taskArn != null) {
            attributes.put("taskArn", taskArn);
        }
        if (image != null) {
            attributes.put("image", image);
        }
        if (imageDigest != null) {
            attributes.put("imageDigest", imageDigest);
        }
        return attributes;
    }
}
