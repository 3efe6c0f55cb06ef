package dev.tandem.functions.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opaque, tamper-evident page cursors ({@code nextToken}). A cursor carries where the next page starts and a
 * digest of what it was issued for (the route, the caller, the filters), under an HMAC: a cursor that was altered,
 * made up, or issued for another query or another caller is refused with a 400, never followed.
 *
 * <p>Format: {@code base64url(json) "." base64url(hmac)}; the JSON is {@code {"q": <scope digest>, "p": {position}}}.
 */
public final class PageCursors {

    private final CursorMac mac;

    public PageCursors(CursorMac mac) {
        this.mac = mac;
    }

    /** The cursor for {@code position} within the query {@code scope}. */
    public String issue(String scope, Map<String, String> position) {
        byte[] payload = Json.write(Map.of("q", digest(scope), "p", new TreeMap<>(position))).getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac.mac(payload));
    }

    /**
     * The position a cursor names, if it is one this API issued for {@code scope}.
     *
     * @param parameter the query parameter it came in, for the problem's pointer
     */
    public Map<String, String> open(String token, String scope, String parameter) {
        ApiException refused = ApiException.invalidParameter("/queryStringParameters/" + parameter,
                parameter + " must be a token this API returned for the same query; omit it to start from the first page");
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 2048) {
            throw refused;
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(token.substring(0, dot));
            byte[] signature = b64.decode(token.substring(dot + 1));
            if (!mac.verify(payload, signature)) {
                throw refused;
            }
            Map<String, Object> body = Json.mapper().readValue(payload, new TypeReference<Map<String, Object>>() { });
            if (!digest(scope).equals(body.get("q")) || !(body.get("p") instanceof Map<?, ?> p)) {
                throw refused;
            }
            Map<String, String> position = new TreeMap<>();
            p.forEach((k, v) -> position.put(String.valueOf(k), String.valueOf(v)));
            return position;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw refused;
        }
    }

    private static String digest(String scope) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
