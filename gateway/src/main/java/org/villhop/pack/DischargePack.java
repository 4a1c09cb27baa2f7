package org.villhop.pack;

import java.time.Instant;
import java.util.List;

import org.villhop.pack.request.DischargeRequest;

/**
 * Everything villhop produced for one discharge request.
 *
 * @param documents the documents in pack order (the lettre de liaison first)
 * @param xdmZip    the {@code IHE_XDM.ZIP} archive holding the CDA of every structured document
 * @param issued    when the pack was made (the documents' effectiveTime)
 */
public record DischargePack(DischargeRequest request, List<PackDocument> documents, byte[] xdmZip, Instant issued) {

    public DischargePack {
        documents = List.copyOf(documents);
    }

    public List<PackDocument> structuredDocuments() {
        return documents.stream().filter(PackDocument::structured).toList();
    }
}
