package dev.tandem.functions.steps.analysis;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled evaluation corpus of the analyzer ({@code samples/pii-corpus.jsonl}): one text per line,
 * with the exact offsets of every value a correct analyzer reports in it. Hard negatives carry no labels.
 */
record PiiCorpus(List<Entry> entries) {

    static final Path FILE = Path.of("..", "samples", "pii-corpus.jsonl");

    /** One labelled text. {@code kind} says what it exercises ("fr-phone-national", "negative:order-number"...). */
    record Entry(String id, String lang, String kind, String text, List<Label> labels) {
        boolean negative() {
            return labels.isEmpty();
        }
    }

    /** A value in the text: type and offsets in UTF-16 code units, end exclusive. */
    record Label(FindingType type, int start, int end) {
    }

    static PiiCorpus read(Path file) {
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    entries.add(Json.mapper().readValue(line, new TypeReference<Entry>() { }));
                }
            }
            return new PiiCorpus(List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jsonl() {
        StringBuilder out = new StringBuilder();
        entries.forEach(e -> out.append(Json.write(e)).append('\n'));
        return out.toString();
    }
}
