package dev.tandem.functions.steps.analysis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code scripts/bench analyzer}: the analyzer's precision, recall and F1 per type on the labelled corpus,
 * then its throughput on one thread, each figure beside the time to merely read the same characters once.
 */
public final class AnalyzerBench {

    private AnalyzerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args.length > 0 ? args[0] : "samples");
        // First, in this fresh JVM: what the first phone-like candidate costs (the numbering plans load on first use).
        long t0 = System.nanoTime();
        new Analyzer().analyze("Tél. : 06 12 34 56 78");
        System.out.printf(Locale.ROOT, "First analysis in a fresh JVM, with a national phone number (loads the 16 numbering plans): %.0f ms%n",
                (System.nanoTime() - t0) / 1e6);

        PiiCorpus corpus = PiiCorpus.read(samples.resolve("pii-corpus.jsonl"));
        PiiEvaluation evaluation = PiiEvaluation.of(corpus, new Analyzer());
        long negatives = corpus.entries().stream().filter(PiiCorpus.Entry::negative).count();
        System.out.printf(Locale.ROOT, "%nPrecision and recall on samples/pii-corpus.jsonl (%d texts: %d labelled values, %d hard negatives)%n",
                corpus.entries().size(), corpus.entries().stream().mapToInt(e -> e.labels().size()).sum(), negatives);
        System.out.print(evaluation.table());
        evaluation.misses().forEach(m -> System.out.println("  missed: " + m));
        evaluation.falseAlarms().forEach(m -> System.out.println("  false alarm: " + m));

        System.out.printf(Locale.ROOT, "%nThroughput, one thread, Java %s (MB of UTF-8; 'scan' = reading every character once)%n",
                System.getProperty("java.version"));
        String prose = Files.readString(samples.resolve("meeting-notes-long.txt"));
        String dense;
        try (var files = Files.list(samples)) {
            dense = files.filter(f -> f.toString().endsWith(".txt") && !f.endsWith("meeting-notes-long.txt")).sorted()
                    .map(AnalyzerBench::read).collect(Collectors.joining("\n"));
        }
        String corpusText = corpus.entries().stream().map(PiiCorpus.Entry::text).collect(Collectors.joining("\n"));
        throughput("meeting-notes-long.txt (prose)", prose);
        throughput("the other samples concatenated (PII-dense)", dense);
        throughput("the corpus as one text (a value or look-alike per line)", corpusText);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Detectors only, in this JVM, one thread: MB of UTF-8 analyzed per second after warm-up, beside one plain
     * scan; the median of five trials of about 40 MB each.
     */
    public static void throughput(String label, String raw) {
        String text = Chunker.normalize(raw);
        Analyzer analyzer = new Analyzer();
        double mb = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
        int rounds = (int) Math.max(300, 40 / mb);
        long sink = 0;
        for (int i = 0; i < rounds; i++) {
            sink += analyzer.analyze(text).size() + scan(text);
        }
        double[] analyzerRates = new double[5];
        double[] scanRates = new double[5];
        int found = 0;
        for (int trial = 0; trial < 5; trial++) {
            long t0 = System.nanoTime();
            found = 0;
            for (int i = 0; i < rounds; i++) {
                found += analyzer.analyze(text).size();
            }
            analyzerRates[trial] = mb * rounds / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                sink += scan(text);
            }
            scanRates[trial] = mb * rounds / ((System.nanoTime() - t0) / 1e9);
        }
        java.util.Arrays.sort(analyzerRates);
        java.util.Arrays.sort(scanRates);
        double analyzerRate = analyzerRates[2];
        double scanRate = scanRates[2];
        System.out.printf(Locale.ROOT, "  %-58s analyzer %6.1f MB/s   scan %7.1f MB/s   ratio %5.1fx   (%d findings per pass, %.2f MB)%s%n",
                label, analyzerRate, scanRate, scanRate / analyzerRate, found / rounds, mb, sink == 42 ? " " : "");
    }

    /** Reading every character once (what any analyzer must at least do): a count of digits. */
    private static int scan(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        return digits;
    }
}
