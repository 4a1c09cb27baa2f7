package org.villhop.pack.cda;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.villhop.pack.render.DocumentKind;

/**
 * Identifiers of one document version, derived (not stored) from the establishment, the pack id, the document kind and
 * the version: a correction therefore finds the same setId and the previous version's id without any state. Ids are
 * {@code 2.25.<UUID as integer>} OIDs (ITU-T X.667), valid CDA {@code II} roots and XDS uniqueIds.
 *
 * @param documentId   the id of this version ({@code ClinicalDocument/id}, XDS uniqueId)
 * @param setId        the id shared by every version
 * @param version      the version number, 1 for the first
 * @param entryUuid    the XDS entryUUID ({@code urn:uuid:…}) of this version's document entry
 * @param previous     the ids of the version this one replaces, or {@code null} for version 1
 */
public record DocumentIds(String documentId, String setId, int version, String entryUuid, DocumentIds previous) {

    public static DocumentIds of(String finess, String packId, DocumentKind kind, int version) {
        String base = "villhop-discharge:" + finess + ":" + packId + ":" + kind.name();
        DocumentIds previous = version > 1 ? of(finess, packId, kind, version - 1) : null;
        return new DocumentIds(oid(base + ":v" + version), oid(base), version,
                "urn:uuid:" + UUID.nameUUIDFromBytes((base + ":entry:v" + version).getBytes(StandardCharsets.UTF_8)),
                previous);
    }

    /** The submission set's uniqueId for one sending of a pack. */
    public static String submissionSetId(String finess, String packId, int version) {
        return oid("villhop-discharge:" + finess + ":" + packId + ":submission:v" + version);
    }

    static String oid(String name) {
        UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }
}
