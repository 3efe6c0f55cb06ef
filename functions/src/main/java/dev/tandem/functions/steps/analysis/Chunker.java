package dev.tandem.functions.steps.analysis;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalization and chunking for the analysis fan-out.
 *
 * <p>Each chunk <em>owns</em> {@code [start, end)} and is analyzed through a window that extends
 * {@link #OVERLAP} characters on both sides. A finding is reported only by the chunk that owns its
 * first character, so a value straddling a boundary is found whole, exactly once: the owner sees it
 * entirely thanks to the trailing overlap, and the next chunk's leading overlap lets its matcher
 * consume the value from its true start instead of reporting a truncated tail. This holds while no
 * finding is longer than the overlap (the longest, an e-mail address, is at most 254).
 */
public final class Chunker {

    public static final int CHUNK_SIZE = 8192;
    public static final int OVERLAP = 256;

    /** A chunk: owned range and analysis window in characters, the window also in UTF-8 bytes. */
    public record Chunk(int index, int start, int end, int windowStart, int windowEnd, long windowByteStart, long windowByteEnd) {
    }

    private Chunker() {
    }

    /** Unicode NFC and LF line endings: the text every offset refers to. */
    public static String normalize(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        String lf = nfc.replace("\r\n", "\n").replace('\r', '\n');
        return lf.startsWith("\uFEFF") ? lf.substring(1) : lf;
    }

    public static List<Chunk> split(String text) {
        return split(text, CHUNK_SIZE, OVERLAP);
    }

    public static List<Chunk> split(String text, int chunkSize, int overlap) {
        if (chunkSize <= overlap) {
            throw new IllegalArgumentException("chunk size must exceed the overlap");
        }
        long[] byteOffsets = utf8Offsets(text);
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        int index = 0;
        do {
            int end = boundary(text, Math.min(text.length(), start + chunkSize));
            int windowStart = boundary(text, Math.max(0, start - overlap));
            int windowEnd = boundary(text, Math.min(text.length(), end + overlap));
            chunks.add(new Chunk(index++, start, end, windowStart, windowEnd, byteOffsets[windowStart], byteOffsets[windowEnd]));
            start = end;
        } while (start < text.length());
        return chunks;
    }

    /** Moves an offset off the middle of a surrogate pair, so no chunk splits a code point. */
    private static int boundary(String text, int offset) {
        if (offset > 0 && offset < text.length() && Character.isLowSurrogate(text.charAt(offset))
                && Character.isHighSurrogate(text.charAt(offset - 1))) {
            return offset + 1;
        }
        return offset;
    }

    /** UTF-8 byte offset of every char offset (length + 1 entries). */
    static long[] utf8Offsets(String text) {
        long[] offsets = new long[text.length() + 1];
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            offsets[i] = bytes;
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
            } else if (Character.isLowSurrogate(c)) {
                bytes += 0;
            } else {
                bytes += 3;
            }
        }
        offsets[text.length()] = bytes;
        return offsets;
    }

    /** The window's text from the normalized document's UTF-8 bytes. */
    public static String decode(byte[] windowBytes) {
        return new String(windowBytes, StandardCharsets.UTF_8);
    }
}
