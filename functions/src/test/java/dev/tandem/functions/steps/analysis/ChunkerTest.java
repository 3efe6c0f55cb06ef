package dev.tandem.functions.steps.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    @Test
    void normalize_composesUnicodeAndUnifiesLineEndings() {
        assertThat(Chunker.normalize("\uFEFFJu\u0308rgen\r\nline\rend")).isEqualTo("Jürgen\nline\nend");
    }

    @Test
    void split_coversTheTextWithOwnedRangesAndOverlappingWindows() {
        String text = "x".repeat(20_000);

        List<Chunker.Chunk> chunks = Chunker.split(text);

        assertThat(chunks).hasSize(3);
        assertThat(chunks.getFirst().start()).isZero();
        assertThat(chunks.getLast().end()).isEqualTo(text.length());
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).start()).isEqualTo(chunks.get(i - 1).end());
            assertThat(chunks.get(i).windowStart()).isEqualTo(chunks.get(i).start() - Chunker.OVERLAP);
        }
        assertThat(chunks.getFirst().windowEnd()).isEqualTo(Chunker.CHUNK_SIZE + Chunker.OVERLAP);
    }

    @Test
    void split_neverCutsACodePoint_andByteOffsetsMatchUtf8() {
        String text = "ab😀".repeat(3000);

        for (Chunker.Chunk c : Chunker.split(text, 1001, 100)) {
            assertThat(Character.isLowSurrogate(text.charAt(c.start()))).isFalse();
            String window = text.substring(c.windowStart(), c.windowEnd());
            byte[] all = text.getBytes(StandardCharsets.UTF_8);
            byte[] slice = java.util.Arrays.copyOfRange(all, (int) c.windowByteStart(), (int) c.windowByteEnd());
            assertThat(Chunker.decode(slice)).isEqualTo(window);
        }
    }

    @Test
    void findingAcrossAChunkBoundary_isFoundOnceWithAbsoluteOffsets() {
        String email = "maria.gonzalez@example.org";
        String text = "a".repeat(990) + " " + email + " " + "b".repeat(1000);
        int expectedStart = 991;
        List<Finding> found = new ArrayList<>();

        List<Chunker.Chunk> chunks = Chunker.split(text, 1000, 64);
        assertThat(chunks.get(0).end()).isBetween(expectedStart + 1, expectedStart + email.length() - 1);
        for (Chunker.Chunk c : chunks) {
            found.addAll(new Analyzer().analyzeWindow(text.substring(c.windowStart(), c.windowEnd()), c.windowStart(), c.start(), c.end()));
        }

        assertThat(found).containsExactly(new Finding(FindingType.EMAIL, expectedStart, expectedStart + email.length(), "email@1", 0.95));
    }
}
