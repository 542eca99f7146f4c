package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

/** The chat workload's filler text: printable ASCII JSON never escapes, new every message, prose-like to deflate. */
class ChatProseTest {

    @Test
    void fillsExactlyTheRangeWithPrintableAsciiJsonDoesNotEscape() {
        ChatProse prose = new ChatProse(7);
        for (int length : new int[] {0, 1, 2, 5, 31, 992, 4096}) {
            byte[] b = new byte[length + 8];
            Arrays.fill(b, (byte) 0);
            prose.fill(b, 4, length);
            for (int i = 0; i < b.length; i++) {
                boolean inside = i >= 4 && i < 4 + length;
                if (!inside) {
                    assertEquals(0, b[i], "nothing written outside the range, at " + i);
                } else {
                    assertTrue(b[i] >= 0x20 && b[i] < 0x7f && b[i] != '"' && b[i] != '\\', "byte " + b[i]);
                }
            }
        }
    }

    @Test
    void everyMessageIsNewSentencesOfWords() {
        ChatProse prose = new ChatProse(1);
        byte[] first = new byte[992];
        byte[] second = new byte[992];
        prose.fill(first, 0, first.length);
        prose.fill(second, 0, second.length);
        assertFalse(Arrays.equals(first, second));
        String text = new String(first, StandardCharsets.US_ASCII);
        assertTrue(text.split(" ").length > 120, text);
        assertTrue(text.matches("[A-Z][a-z]*[ ,].*") && text.contains(". "), text);
        assertTrue(text.length() - text.stripTrailing().length() < 16, "the tail is at most a word's room of spaces");
    }

    @Test
    void deflatesLikeTextNotLikeOneRepeatedByte() {
        byte[] text = new byte[992];
        new ChatProse(3).fill(text, 0, text.length);
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(text);
        d.finish();
        int size = d.deflate(new byte[2048]);
        d.end();
        // 'x' x 992 deflates to about 10 bytes; English-like text to roughly half
        assertTrue(size > text.length / 3 && size < text.length * 3 / 4, "deflated to " + size);
    }
}
