package dev.tandem.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local identity provider: RS256 JWTs with the claim layout of a Cognito ID token ({@code sub},
 * {@code cognito:groups}, {@code iss}, {@code token_use}), verified at the local API front, so the
 * handlers' authorization code runs unchanged.
 */
public final class LocalIdentity {

    public static final List<String> ROLES = List.of("submitter", "reviewer", "auditor", "operator");
    private static final Duration LIFETIME = Duration.ofHours(8);

    private final RSAKey key;
    private final String issuer;

    public LocalIdentity(String issuer) {
        try {
            this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create the local signing key", e);
        }
        this.issuer = issuer;
    }

    /**
     * A token for a user in one role, or in several joined by {@code +} ({@code submitter+operator}); the subject is stable
     * per set of roles so "own jobs" behave as in AWS.
     */
    public String token(String role) {
        List<String> roles = List.of(role.split("\\+"));
        for (String r : roles) {
            if (!ROLES.contains(r)) {
                throw new IllegalArgumentException("unknown role '" + r + "'; roles: " + ROLES + ", or several joined by +");
            }
        }
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(UUID.nameUUIDFromBytes(("local-" + role).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .issuer(issuer)
                .audience("tandem-local")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("cognito:groups", roles)
                .claim("cognito:username", "local-" + role)
                .claim("token_use", "id")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
        return jwt.serialize();
    }

    /**
     * The claims API Gateway's Cognito authorizer would pass (groups as a comma-separated string, as REST
     * APIs do), or null when the token is missing, malformed, badly signed, expired or foreign.
     */
    public Map<String, Object> verify(String bearer) {
        if (bearer == null || !bearer.startsWith("Bearer ")) {
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(bearer.substring(7).trim());
            if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!issuer.equals(claims.getIssuer()) || claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sub", claims.getSubject());
            out.put("iss", claims.getIssuer());
            out.put("token_use", claims.getStringClaim("token_use"));
            out.put("cognito:username", claims.getStringClaim("cognito:username"));
            List<String> groups = claims.getStringListClaim("cognito:groups");
            if (groups != null) {
                out.put("cognito:groups", String.join(",", groups));
            }
            return out;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }
}
