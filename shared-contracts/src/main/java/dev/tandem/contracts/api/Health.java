package dev.tandem.contracts.api;

/** {@code GET /v1/health}: the API answers. */
public record Health(String status, String service) {

    public static final Health UP = new Health("UP", "tandem-api");
}
