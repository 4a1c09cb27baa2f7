package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.Tool;

/** A message with a 50 MB attachment signs, encrypts, decrypts and verifies in a JVM limited to 256 MB of heap. */
class LargeMessageTest {

    @Test
    void aFiftyMegabyteAttachmentGoesThroughEveryStepWithin256MegabytesOfHeap(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Tool.Result result = Tool.run(dir, Map.of(), List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), LargeMessageMain.class.getName(), dir.toString(), "50"));
        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().contains("sign+encrypt / decrypt+verify: VALID, body intact"), result.out());
        assertTrue(result.out().contains("sign / verify: VALID, body intact"), result.out());
        assertTrue(result.out().contains("OK max heap 256 MB"), result.out());
    }
}
