package dev.tandem.functions.jobs;

import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The per-pipeline kill switch: an SSM parameter {@code <prefix><pipeline>} whose value {@code on}
 * (or {@code true}) halts new submissions. A missing parameter means off. Readings are cached for at
 * most {@link FunctionsConfig#MAX_KILL_SWITCH_CACHE}, so flipping the switch takes effect within 10 s.
 * If SSM cannot be read, the last reading is kept; with no reading at all the error propagates.
 */
@Singleton
public class KillSwitch {

    private record Reading(boolean on, Instant at) {
    }

    private final SsmClient ssm;
    private final FunctionsConfig config;
    private final Clock clock;
    private final Map<String, Reading> cache = new ConcurrentHashMap<>();

    public KillSwitch(SsmClient ssm, FunctionsConfig config) {
        this(ssm, config, Clock.systemUTC());
    }

    KillSwitch(SsmClient ssm, FunctionsConfig config, Clock clock) {
        this.ssm = ssm;
        this.config = config;
        this.clock = clock;
    }

    public boolean isOn(String pipeline) {
        Instant now = clock.instant();
        Reading cached = cache.get(pipeline);
        if (cached != null && cached.at().plus(config.killSwitchCacheTtl()).isAfter(now)) {
            return cached.on();
        }
        try {
            boolean on = read(config.killSwitchParameter(pipeline));
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
