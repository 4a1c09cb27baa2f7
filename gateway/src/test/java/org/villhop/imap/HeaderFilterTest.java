package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte-level pieces of FETCH HEADER.FIELDS and SEARCH TEXT. */
class HeaderFilterTest {

    private static final String HEADER = "Received: from a\r\n\tby b\r\nsubject: Compte\r\n rendu\r\nFrom : alice\r\n"
            + "X-Subject: no\r\nnot a field\r\nTO: bob\r\n\r\nBody: not a header\r\n";

    private static String filter(boolean not, String... names) {
        return new String(new HeaderFilter(List.of(names), not).apply(HEADER.getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void namedFieldsAreKeptWithTheirContinuationLinesWhateverTheirCase() {
        assertEquals("subject: Compte\r\n rendu\r\nFrom : alice\r\nTO: bob\r\n\r\n", filter(false, "SUBJECT", "FROM", "TO"));
        assertEquals("\r\n", filter(false, "DATE"), "no such field: only the blank line");
    }

    @Test
    void theNotFormKeepsEverythingElseUpToTheBlankLine() {
        assertEquals("Received: from a\r\n\tby b\r\nX-Subject: no\r\nnot a field\r\n\r\n",
                filter(true, "SUBJECT", "FROM", "TO"));
    }

    @Test
    void aHeaderWithoutBlankLineOrFinalNewlineIsFilteredToItsEnd() {
        byte[] header = "Subject: a\nFrom: b".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("From: b\r\n", new String(new HeaderFilter(List.of("FROM"), false).apply(header),
                StandardCharsets.ISO_8859_1));
    }

    @Test
    void asciiSearchIgnoresCaseAndFindsTextAcrossReadBoundaries() throws IOException {
        String text = "x".repeat(16 * 1024 - 3) + "AlLeRgie radiologie" + "é".repeat(10);
        AsciiSearch search = AsciiSearch.of("allergie RADIOLOGIE");
        assertTrue(search.foundIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        assertTrue(search.foundIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))),
                "the same search again, on the next message");
        assertFalse(AsciiSearch.of("allergies").foundIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        assertNull(AsciiSearch.of("élevée"), "non-ASCII text is searched in decoded form instead");
    }
}
