package dev.tandem.contracts.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/** {@code GET /v1/pipelines}: the pipelines this deployment carries. */
public record PipelineList(List<Item> pipelines) {
    public PipelineList {
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
    }

    /**
     * One pipeline.
     *
     * @param isDefault  whether a submission that names no pipeline goes to it
     * @param killSwitch {@code on} or {@code off}
     */
    public record Item(String name, String version, @JsonProperty("default") boolean isDefault, String killSwitch, Links links) {
        public Item {
            Objects.requireNonNull(name, "name");
        }
    }

    public record Links(String self) {
    }
}
