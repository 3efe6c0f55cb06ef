package dev.tandem.functions.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Realistic API Gateway proxy events from {@code src/test/resources/events/}, adjustable per test. */
public final class Events {

    private Events() {
    }

    public static APIGatewayProxyRequestEvent load(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /events/" + name);
            }
            return Json.mapper().readValue(in, APIGatewayProxyRequestEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event with the given claims instead of the fixture's (null: unauthenticated). */
    public static APIGatewayProxyRequestEvent withClaims(APIGatewayProxyRequestEvent event, String sub, String groups) {
        Map<String, Object> authorizer = new HashMap<>();
        if (sub != null) {
            Map<String, Object> claims = new HashMap<>();
            claims.put("sub", sub);
            if (groups != null) {
                claims.put("cognito:groups", groups);
            }
            authorizer.put("claims", claims);
        }
        event.getRequestContext().setAuthorizer(authorizer);
        return event;
    }

    public static APIGatewayProxyRequestEvent withHeader(APIGatewayProxyRequestEvent event, String name, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        if (value != null) {
            headers.put(name, value);
        }
        event.setHeaders(headers);
        return event;
    }
}
