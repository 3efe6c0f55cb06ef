package dev.tandem.functions.http;

import dev.tandem.contracts.problem.ProblemType;

/** Checks every API request makes before looking at its content. */
public final class Requests {

    private Requests() {
    }

    /** 401 without an identity, 403 without one of the roles (operators pass every check). */
    public static Caller requireRole(ApiRequest request, Role... roles) {
        Caller caller = request.caller();
        if (caller == null) {
            throw ApiException.of(ProblemType.UNAUTHENTICATED,
                    "Send a valid bearer token in the Authorization header.", java.util.Map.of("WWW-Authenticate", "Bearer"));
        }
        if (!caller.hasAny(roles)) {
            throw ApiException.of(ProblemType.FORBIDDEN, "This operation needs the role "
                    + String.join(" or ", java.util.Arrays.stream(roles).map(Role::groupName).toList())
                    + "; ask an administrator to add you to that group.");
        }
        return caller;
    }

    /** 415 unless the body is JSON, 413 when it is larger than {@code maxBytes}. */
    public static void requireJsonBody(ApiRequest request, int maxBytes) {
        String mediaType = request.mediaType();
        if (mediaType == null || !(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json"
                    + (mediaType == null ? " (no Content-Type header was sent)." : ", not " + mediaType + "."));
        }
        if (request.body().length > maxBytes) {
            throw ApiException.of(ProblemType.PAYLOAD_TOO_LARGE, "The body is " + request.body().length
                    + " bytes; the limit is " + maxBytes + " bytes (document text at most 1 MiB).");
        }
    }
}
