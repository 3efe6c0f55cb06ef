package dev.tandem.functions.steps.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every sample document yields exactly the findings samples/README.md lists, whether analyzed whole
 * or through small chunks (so that values straddle boundaries).
 */
class SampleFindingsTest {

    static final Path SAMPLES = Path.of("..", "samples");

    static String sample(String name) throws IOException {
        return Chunker.normalize(Files.readString(SAMPLES.resolve(name)));
    }

    static Map<FindingType, Integer> counts(List<Finding> findings) {
        Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
        findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
        return counts;
    }

    static Map<FindingType, Integer> expected(String spec) {
        Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
        if (!spec.isBlank()) {
            for (String part : spec.split(" ")) {
                String[] kv = part.split("=");
                counts.put(FindingType.valueOf(kv[0]), Integer.parseInt(kv[1]));
            }
        }
        return counts;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "clean-product-faq.txt|",
            "support-ticket-contact.txt|EMAIL=2 PHONE=1",
            "invoice-payment.txt|IBAN=1 PAYMENT_CARD=1 EMAIL=1 PHONE=1",
            "hr-letter-national-id.txt|NATIONAL_ID=1 EMAIL=1",
            "incident-report-network.txt|IP_ADDRESS=4 EMAIL=1",
            "false-positives.txt|",
            "multilingual-mixed.txt|IBAN=1 EMAIL=2 PHONE=1",
            "meeting-notes-long.txt|EMAIL=1 PAYMENT_CARD=1"})
    void sample_yieldsExactlyTheExpectedFindings_wholeAndChunked(String file, String spec) throws IOException {
        String text = sample(file);
        Map<FindingType, Integer> expected = expected(spec == null ? "" : spec);

        List<Finding> whole = new Analyzer().analyze(text);
        assertThat(counts(whole)).as(file).isEqualTo(expected);

        for (int size : new int[] {300, 1024, Chunker.CHUNK_SIZE}) {
            List<Finding> chunked = new ArrayList<>();
            for (Chunker.Chunk c : Chunker.split(text, size, Chunker.OVERLAP)) {
                chunked.addAll(new Analyzer().analyzeWindow(text.substring(c.windowStart(), c.windowEnd()), c.windowStart(), c.start(), c.end()));
            }
            assertThat(Analyzer.resolveOverlaps(chunked)).as("%s in chunks of %d", file, size).isEqualTo(whole);
            assertThat(chunked).as("no finding reported twice").hasSameSizeAs(whole);
        }
    }
}
