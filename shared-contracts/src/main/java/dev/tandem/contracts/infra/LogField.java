package dev.tandem.contracts.infra;

/**
 * The fields every Tandem log line carries at its top level when it is about a job, with the same
 * names in the functions and the agent: one CloudWatch Logs Insights query ({@code filter jobId = ...})
 * follows a job across both. The code puts them in the logging MDC under {@link #key()}; both log
 * layouts write the MDC at the top level of the JSON line.
 */
public enum LogField {
    JOB_ID("jobId"),
    /** The X-Ray trace id ({@code 1-xxxxxxxx-...}), not the whole trace header. */
    TRACE_ID("traceId"),
    CORRELATION_ID("correlationId"),
    PIPELINE("pipeline"),
    STEP("step");

    private final String key;

    LogField(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /**
     * The trace id in an X-Ray trace header ({@code Root=1-...;Parent=...;Sampled=1}), or the value
     * itself when it is already a bare id; null for null.
     */
    public static String traceIdOf(String traceHeader) {
        if (traceHeader == null || traceHeader.isBlank()) {
            return null;
        }
        for (String part : traceHeader.split(";")) {
            String p = part.trim();
            if (p.startsWith("Root=")) {
                return p.substring("Root=".length());
            }
        }
        return traceHeader.contains("=") ? null : traceHeader.trim();
    }
}
