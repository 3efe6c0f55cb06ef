package dev.tandem.contracts.infra;

import java.util.List;
import java.util.Objects;

/**
 * Key layout of one DynamoDB table: the single definition the CDK app creates, the local stack
 * creates, and the code reads and writes. Attribute types are {@code S} or {@code N}.
 *
 * @param logicalName  the table's role, e.g. {@code jobs}; physical names are {@code <prefix>-<logicalName>}
 * @param ttlAttribute epoch-seconds attribute DynamoDB expires items by, or null
 */
public record TableSpec(String logicalName, Key partitionKey, Key sortKey, List<Index> indexes, String ttlAttribute) {

    public TableSpec {
        Objects.requireNonNull(logicalName, "logicalName");
        Objects.requireNonNull(partitionKey, "partitionKey");
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
    }

    public String physicalName(String prefix) {
        return prefix + "-" + logicalName;
    }

    /** The property a function or the agent reads this table's physical name from. */
    public String property() {
        return "tandem.table." + logicalName;
    }

    /** The environment variable that sets {@link #property()}. */
    public String environmentVariable() {
        return ConfigKey.variableOf(property());
    }

    public record Key(String name, String type) {
        public Key {
            Objects.requireNonNull(name, "name");
            if (!type.equals("S") && !type.equals("N")) {
                throw new IllegalArgumentException("key type must be S or N");
            }
        }

        public static Key s(String name) {
            return new Key(name, "S");
        }

        public static Key n(String name) {
            return new Key(name, "N");
        }
    }

    /**
     * A global secondary index.
     *
     * @param projected the attributes it carries besides the keys; null for all of them
     */
    public record Index(String name, Key partitionKey, Key sortKey, List<String> projected) {
        public Index {
            projected = projected == null ? null : List.copyOf(projected);
        }

        /** An index projecting all attributes. */
        public Index(String name, Key partitionKey, Key sortKey) {
            this(name, partitionKey, sortKey, null);
        }
    }
}
