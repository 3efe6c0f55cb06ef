package dev.tandem.functions.http;

import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.problem.ProblemDetails;
import java.util.LinkedHashMap;
import java.util.Map;

/** An API response; the body is JSON text. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    public static ApiResponse json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", "application/json");
        return new ApiResponse(status, headers, Json.write(body));
    }

    public static ApiResponse problem(ProblemDetails problem, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", ProblemDetails.MEDIA_TYPE);
        return new ApiResponse(problem.status(), headers, Json.write(problem));
    }
}
