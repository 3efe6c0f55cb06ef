package dev.tandem.functions.steps.analyze;

import dev.tandem.functions.steps.analysis.Analyzer;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming of the analyzer (the steps jar only): before the snapshot, analyze a text with a value of
 * every kind, so that the numbering plans (about 200 ms to load) and the detectors' classes are in the
 * snapshot rather than paid by the first chunk after restore. Never fails the snapshot.
 */
@Singleton
public class AnalyzerPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerPriming.class);

    /** Synthetic values only: documentation ranges, example domains, numbers reserved for fiction, published test numbers. */
    static final String TEXT = """
            Tél. : 01 99 00 12 34, Telefon: 030 1234567, call +44 20 7946 0018 or (415) 555-0132.
            Mail anna@example.com from 192.0.2.10 or 2001:db8::1; IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111.
            SSN 536-22-8145, NI number AB 12 34 56 C, DNI 12345678Z, Codice fiscale: RSSMRA85T10A562S, BSN: 111222333,
            Steuer-ID: 86 095 742 719, PESEL: 44051401359, sökande 811218-9876, NIR 1 84 12 76 451 089 46.
            Date of birth: 12.03.1985.
            """;

    /** @return how many values the priming text yielded (0 when priming failed) */
    public int prime() {
        try {
            return new Analyzer().analyze(TEXT).size();
        } catch (RuntimeException e) {
            LOG.warn("priming the analyzer failed: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: the analyzer holds no connections or secrets.
    }
}
