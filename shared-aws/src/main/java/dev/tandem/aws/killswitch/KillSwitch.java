package dev.tandem.aws.killswitch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The per-pipeline kill switch: an SSM parameter {@code <prefix><pipeline>} whose value {@code on}
 * (or {@code true}) halts new work. A missing parameter means off. Readings are cached for at most
 * {@link #MAX_CACHE}, so flipping the switch takes effect everywhere within 10 s. If SSM cannot be
 * read, the last reading is kept; with no reading at all the error propagates.
 */
public final class KillSwitch {

    public static final Duration MAX_CACHE = Duration.ofSeconds(10);
    public static final String DEFAULT_PREFIX = "/tandem/kill-switch/";

    private record Reading(boolean on, Instant at) {
    }

    private final SsmClient ssm;
    private final String prefix;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Reading> cache = new ConcurrentHashMap<>();

    public KillSwitch(SsmClient ssm, String prefix, Duration ttl) {
        this(ssm, prefix, ttl, Clock.systemUTC());
    }

    public KillSwitch(SsmClient ssm, String prefix, Duration ttl, Clock clock) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.ttl = checkedTtl(ttl);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The configured cache time, or {@link #MAX_CACHE}; longer is refused because the contract is 10 s. */
    public static Duration checkedTtl(Duration ttl) {
        if (ttl == null) {
            return MAX_CACHE;
        }
        if (ttl.isNegative() || ttl.compareTo(MAX_CACHE) > 0) {
            throw new IllegalArgumentException("the kill switch may be cached for 0 to 10 s, configured " + ttl);
        }
        return ttl;
    }

    public String parameter(String pipeline) {
        return prefix + pipeline;
    }

    public boolean isOn(String pipeline) {
        Instant now = clock.instant();
        Reading cached = cache.get(pipeline);
        if (cached != null && cached.at().plus(ttl).isAfter(now)) {
            return cached.on();
        }
        try {
            boolean on = read(parameter(pipeline));
            cache.put(pipeline, new Reading(on, now));
            return on;
        } catch (RuntimeException e) {
            if (cached != null) {
                return cached.on();
            }
            throw e;
        }
    }

    private boolean read(String parameter) {
        try {
            String value = ssm.getParameter(b -> b.name(parameter)).parameter().value();
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            return v.equals("on") || v.equals("true");
        } catch (ParameterNotFoundException e) {
            return false;
        }
    }
}
