package dev.tandem.functions.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Job and review ids: lowercase UUIDs, checked before any lookup so malformed ids get 400, not 404. */
public final class JobIds {

    private static final Pattern UUID_PATTERN = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private JobIds() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String id) {
        return id != null && UUID_PATTERN.matcher(id).matches();
    }

    /** The path parameter, validated. */
    public static String require(ApiRequest request, String name) {
        String value = request.pathParameters().get(name);
        if (!isValid(value)) {
            throw ApiException.invalidParameter("/pathParameters/" + name,
                    name + " must be a lowercase UUID such as 3f2b8c1e-9d4a-4c6e-8f1a-2b3c4d5e6f70");
        }
        return value;
    }
}
