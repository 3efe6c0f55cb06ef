package dev.tandem.aws.jobs;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The job attributes on the job record (a map of strings under {@code attributes}), written by the API from the
 * pipeline's input contract and read by the functions (job view, steps) and the agent (a governed step's
 * {@code jobAttributes}).
 */
public final class JobItems {

    private JobItems() {
    }

    public static AttributeValue toAttributeValue(Map<String, String> attributes) {
        Map<String, AttributeValue> m = new TreeMap<>();
        attributes.forEach((k, v) -> m.put(k, AttributeValue.fromS(v)));
        return AttributeValue.fromM(m);
    }

    /** The job attributes of a job (or review) item (empty when it has none), in name order. */
    public static Map<String, String> fromItem(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new TreeMap<>();
        AttributeValue value = item.get(dev.tandem.contracts.infra.Tables.Jobs.ATTRIBUTES);
        if (value != null && value.hasM()) {
            value.m().forEach((k, v) -> {
                if (v.s() != null) {
                    attributes.put(k, v.s());
                }
            });
        }
        return attributes;
    }
}
