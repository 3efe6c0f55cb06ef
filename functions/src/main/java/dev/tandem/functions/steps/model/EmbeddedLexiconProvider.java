package dev.tandem.functions.steps.model;

import dev.tandem.contracts.pipeline.ModelInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded, deterministic sensitivity classifier: a versioned lexicon of weighted terms shipped
 * in resources. Same text, same version, same score, on every machine.
 */
public final class EmbeddedLexiconProvider implements ModelProvider {

    public static final String MODEL_ID = "embedded-lexicon";
    public static final String VERSION = "1.0.0";

    private final Map<Pattern, Double> weights = new LinkedHashMap<>();

    public EmbeddedLexiconProvider() {
        Properties p = new Properties();
        String resource = "/models/" + MODEL_ID + "-" + VERSION + ".properties";
        try (InputStream in = EmbeddedLexiconProvider.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("lexicon missing from the classpath: " + resource);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.stringPropertyNames().stream().sorted().forEach(term -> weights.put(
                Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(term) + "(?![\\p{L}\\p{N}])"),
                Double.parseDouble(p.getProperty(term))));
    }

    @Override
    public ModelInvocation classify(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        double raw = 0;
        for (Map.Entry<Pattern, Double> e : weights.entrySet()) {
            Matcher m = e.getKey().matcher(lower);
            while (m.find()) {
                raw += e.getValue();
            }
        }
        double score = raw / (raw + 10);
        return new ModelInvocation("embedded", MODEL_ID, VERSION, null, label(score), Math.round(score * 1e4) / 1e4);
    }

    static String label(double score) {
        if (score < 0.25) {
            return "PUBLIC";
        } else if (score < 0.5) {
            return "INTERNAL";
        } else if (score < 0.75) {
            return "CONFIDENTIAL";
        }
        return "RESTRICTED";
    }
}
