package org.villhop.pack.message;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.villhop.pack.DischargePack;
import org.villhop.pack.PackDocument;
import org.villhop.pack.render.InsDatamatrix;
import org.villhop.pack.request.DischargeRequest;

/** The MSSanté-specific header values of a discharge message (ANS MSSanté client rules ECO.2.4.x, XDM subject). */
final class MssHeaders {

    static final int MAX_LABEL = 40;
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private MssHeaders() {
    }

    /**
     * {@code XDM/1.0/DDM+<libellé> <NOM> <prénom> <JJ/MM/AAAA>}: the libellé is the document's title when the archive
     * holds one document, else "N documents"; the birth name upper case without accents.
     */
    static String subject(DischargePack pack) {
        DischargeRequest.Patient p = pack.request().patient();
        List<PackDocument> structured = pack.structuredDocuments();
        String label = structured.size() == 1 ? structured.get(0).kind().title() : structured.size() + " documents";
        if (label.length() > MAX_LABEL) {
            label = label.substring(0, MAX_LABEL).trim();
        }
        return "XDM/1.0/DDM+" + label + " " + InsDatamatrix.plain(p.birthName()) + " " + p.firstGivenName() + " "
                + LocalDate.parse(p.birthDate()).format(BIRTH);
    }

    /** One {@code X-MSS-CODECDA} value per CDA: the document's type code. */
    static List<String> codeCda(DischargePack pack) {
        return pack.structuredDocuments().stream().map(d -> d.kind().typeCode()).toList();
    }

    /** {@code O} when the archive carries a qualified INS, else {@code N}. */
    static String ins(DischargeRequest request) {
        return request.patient().ins().qualified() ? "O" : "N";
    }
}
