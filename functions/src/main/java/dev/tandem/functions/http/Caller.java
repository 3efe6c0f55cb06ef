package dev.tandem.functions.http;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The authenticated caller, from the Cognito claims API Gateway's authorizer passes to the function.
 *
 * @param subject the {@code sub} claim: a stable user id, used as the owner of jobs
 */
public record Caller(String subject, Set<Role> roles) {

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /**
     * Reads {@code sub} and {@code cognito:groups}. REST APIs pass groups as a comma-separated string,
     * HTTP APIs as {@code [a b]}; both are accepted. Unknown groups are ignored.
     *
     * @return null when there is no subject (the request was not authenticated)
     */
    public static Caller fromClaims(Map<String, ?> claims) {
        if (claims == null) {
            return null;
        }
        Object sub = claims.get("sub");
        if (sub == null || sub.toString().isBlank()) {
            return null;
        }
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Object groups = claims.get("cognito:groups");
        if (groups != null) {
            String raw = groups instanceof Iterable<?> list ? String.join(",", toStrings(list)) : groups.toString();
            Arrays.stream(raw.replace("[", "").replace("]", "").split("[,\\s]+"))
                    .map(g -> g.trim().toUpperCase(Locale.ROOT))
                    .filter(g -> Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(g)))
                    .forEach(g -> roles.add(Role.valueOf(g)));
        }
        return new Caller(sub.toString(), roles);
    }

    private static Iterable<String> toStrings(Iterable<?> list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        list.forEach(o -> out.add(String.valueOf(o)));
        return out;
    }

    public boolean has(Role role) {
        return roles.contains(role) || roles.contains(Role.OPERATOR);
    }

    public boolean hasAny(Role... wanted) {
        return Arrays.stream(wanted).anyMatch(this::has);
    }
}
