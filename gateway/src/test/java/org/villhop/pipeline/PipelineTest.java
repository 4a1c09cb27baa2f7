package org.villhop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.delivery.BodySource;

class PipelineTest {
    @TempDir
    Path spool;

    /** Appends a trailer line: a stage that rewrites the whole content (as signing does). */
    private static final class Trailer implements ContentStage {
        int opened;

        @Override
        public String name() {
            return "trailer";
        }

        @Override
        public boolean appliesTo(MessageContext context) {
            return true;
        }

        @Override
        public void transform(MessageContext context, BodySource in, OutputStream out) throws IOException {
            opened++;
            try (InputStream message = in.open()) {
                message.transferTo(out);
            }
            out.write("trailer\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static MessageContext submitted() {
        return new MessageContext("sortie@ch.test", "sortie", List.of("dr@med.test"));
    }

    private static String read(PreparedMessage prepared) throws IOException {
        try (InputStream in = prepared.content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private long spooledFiles() throws IOException {
        try (var files = Files.list(spool)) {
            return files.count();
        }
    }

    @Test
    void aHeaderStageIsChainedIntoTheNextStageWithoutACopy() throws IOException {
        Trailer trailer = new Trailer();
        Pipeline pipeline = new Pipeline(List.of(), List.of(new ProductReferenceStage("NIL-1"), trailer), spool);
        String original = "X-MSS-NIL: old\r\nSubject: s\r\n\r\nbody\r\n";
        try (PreparedMessage prepared = pipeline.run(submitted(),
                BodySource.ofBytes(original.getBytes(StandardCharsets.US_ASCII)), original.length())) {
            assertEquals("X-MSS-NIL: NIL-1\r\nSubject: s\r\n\r\nbody\r\ntrailer\r\n", read(prepared));
            assertEquals(read(prepared).length(), prepared.size());
            assertEquals(1, trailer.opened);
            assertEquals(0, spooledFiles(), "a small message stays in memory");
        }
    }

    @Test
    void aHeaderStageLastIsAppliedAndSized() throws IOException {
        Pipeline pipeline = new Pipeline(List.of(), List.of(new ProductReferenceStage("NIL-2")), spool);
        String original = "Subject: s\r\n\r\nbody\r\n";
        try (PreparedMessage prepared = pipeline.run(submitted(),
                BodySource.ofBytes(original.getBytes(StandardCharsets.US_ASCII)), original.length())) {
            assertEquals("X-MSS-NIL: NIL-2\r\nSubject: s\r\n\r\nbody\r\n", read(prepared));
            assertEquals(read(prepared).length(), prepared.size());
        }
    }

    @Test
    void aLargeOutputGoesToATemporaryFileDeletedOnClose() throws IOException {
        Pipeline pipeline = new Pipeline(List.of(), List.of(new Trailer()), spool);
        byte[] body = ("Subject: big\r\n\r\n" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n"
                .repeat(Pipeline.MEMORY_THRESHOLD / 66 + 10)).getBytes(StandardCharsets.US_ASCII);
        try (PreparedMessage prepared = pipeline.run(submitted(), BodySource.ofBytes(body), body.length)) {
            assertEquals(1, spooledFiles());
            assertEquals(body.length + "trailer\r\n".length(), prepared.size());
            assertTrue(read(prepared).endsWith("abcdef\r\ntrailer\r\n"));
        }
        assertEquals(0, spooledFiles());
    }
}
