package org.villhop.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a journal directory: every line parses and matches its hash, sequence numbers follow each other, each entry
 * names its predecessor's hash, and the head file does not name an entry beyond the end (entries removed from the
 * end). An edited, inserted or removed entry is reported with its line.
 */
public final class AuditVerifier {
    private AuditVerifier() {
    }

    public static VerifyReport verify(Path dir) throws IOException {
        Path file = dir.resolve(HashChainJournal.FILE);
        if (!Files.exists(file)) {
            throw new IOException("no audit journal at " + file);
        }
        long lineNo = 0;
        long expectedSeq = 1;
        String previous = AuditEntry.GENESIS;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                AuditEntry entry;
                try {
                    entry = AuditEntry.parse(line);
                } catch (RuntimeException e) {
                    return broken(expectedSeq - 1, lineNo, e.getMessage(), previous);
                }
                if (!entry.previousHash().equals(previous)) {
                    return broken(expectedSeq - 1, lineNo, "entry does not chain to the previous line (an entry was "
                            + "removed or inserted before it)", previous);
                }
                if (entry.seq() != expectedSeq) {
                    return broken(expectedSeq - 1, lineNo, "sequence number " + entry.seq() + " where "
                            + expectedSeq + " was expected", previous);
                }
                previous = entry.hash();
                expectedSeq++;
            }
        }
        long entries = expectedSeq - 1;
        Path head = dir.resolve(HashChainJournal.HEAD);
        if (Files.exists(head)) {
            String[] parts = Files.readString(head).trim().split(" ");
            long headSeq = parts.length == 2 && parts[0].matches("[0-9]{1,18}") ? Long.parseLong(parts[0]) : -1;
            if (headSeq < 0) {
                return broken(entries, lineNo, "head file " + head + " is damaged", previous);
            }
            if (headSeq > entries) {
                return broken(entries, lineNo + 1, "journal ends at entry " + entries + " but the head file names entry "
                        + headSeq + " (entries removed from the end)", previous);
            }
            if (headSeq == entries && !parts[1].equals(previous)) {
                return broken(entries, lineNo, "last entry's hash differs from the head file (journal rewritten)",
                        previous);
            }
        }
        return new VerifyReport(true, entries, 0, null, previous);
    }

    private static VerifyReport broken(long entries, long line, String problem, String lastGood) {
        return new VerifyReport(false, entries, line, problem, lastGood);
    }
}
