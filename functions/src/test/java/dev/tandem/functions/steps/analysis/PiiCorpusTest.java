package dev.tandem.functions.steps.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analyzer against its labelled corpus: the corpus is what the generator writes, large enough, and
 * the analyzer meets its precision and recall targets on it, whole and in chunks.
 */
class PiiCorpusTest {

    private static final PiiCorpus CORPUS = PiiCorpus.read(PiiCorpus.FILE);

    @Test
    void corpusInTheRepository_isWhatTheGeneratorWrites() throws IOException {
        assertThat(Files.readString(PiiCorpus.FILE, StandardCharsets.UTF_8))
                .as("samples/pii-corpus.jsonl is stale: run PiiCorpusGenerator (scripts/bench analyzer --regenerate)")
                .isEqualTo(PiiCorpusGenerator.generate().jsonl());
    }

    @Test
    void corpus_hasAThousandPositivesAndAThousandHardNegatives_withOffsetsOnTheirValues() {
        long positives = CORPUS.entries().stream().mapToLong(e -> e.labels().size()).sum();
        long negatives = CORPUS.entries().stream().filter(PiiCorpus.Entry::negative).count();
        assertThat(positives).isGreaterThanOrEqualTo(1000);
        assertThat(negatives).isGreaterThanOrEqualTo(1000);
        assertThat(CORPUS.entries().stream().flatMap(e -> e.labels().stream().map(l -> l.type())).distinct())
                .as("every type has labelled values").containsExactlyInAnyOrder(FindingType.values());
        assertThat(CORPUS.entries()).allSatisfy(e -> assertThat(e.labels()).allSatisfy(l -> {
            assertThat(l.start()).isBetween(0, l.end() - 1);
            assertThat(l.end()).isLessThanOrEqualTo(e.text().length());
            assertThat(e.text().substring(l.start(), l.end())).as(e.id()).isEqualTo(e.text().substring(l.start(), l.end()).strip());
        }));
    }

    @Test
    void analyzer_meetsItsTargets_precisionAndRecallAtLeast99PercentOverall() {
        PiiEvaluation evaluation = PiiEvaluation.of(CORPUS, new Analyzer());
        System.out.print(evaluation.table());
        assertThat(evaluation.overall().recall()).as("recall; misses:%n%s", String.join("\n", evaluation.misses())).isGreaterThanOrEqualTo(0.99);
        assertThat(evaluation.overall().precision()).as("precision; false alarms:%n%s", String.join("\n", evaluation.falseAlarms())).isGreaterThanOrEqualTo(0.99);
        evaluation.byType().forEach((type, counts) -> {
            assertThat(counts.recall()).as("%s recall", type).isGreaterThanOrEqualTo(0.97);
            assertThat(counts.precision()).as("%s precision", type).isGreaterThanOrEqualTo(0.97);
        });
    }

    @Test
    void corpusAsOneDocument_inSmallChunks_findsEveryValueOnce() {
        StringBuilder doc = new StringBuilder();
        for (PiiCorpus.Entry e : CORPUS.entries()) {
            doc.append(e.text()).append('\n');
        }
        String text = doc.toString();
        List<Finding> whole = new Analyzer().analyze(text);
        List<Finding> chunked = new ArrayList<>();
        for (Chunker.Chunk c : Chunker.split(text, 1000, Chunker.OVERLAP)) {
            chunked.addAll(new Analyzer().analyzeWindow(text.substring(c.windowStart(), c.windowEnd()), c.windowStart(), c.start(), c.end()));
        }
        assertThat(chunked).as("each value found once, by the chunk that owns it").hasSameSizeAs(whole);
        assertThat(Analyzer.resolveOverlaps(chunked)).isEqualTo(whole);
    }
}
