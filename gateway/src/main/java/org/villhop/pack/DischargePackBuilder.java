package org.villhop.pack;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.villhop.pack.cda.CdaWriter;
import org.villhop.pack.cda.DocumentIds;
import org.villhop.pack.render.DocumentKind;
import org.villhop.pack.render.InsDatamatrix;
import org.villhop.pack.render.PackTemplates;
import org.villhop.pack.render.PdfRenderer;
import org.villhop.pack.request.DischargeRequest;
import org.villhop.pack.xdm.XdmArchiveWriter;

/**
 * Turns a validated discharge request into its pack: one PDF/A-1b per document present in the request, the CDA R2
 * level 1 of each structured one, and the {@code IHE_XDM.ZIP}. Thread-safe; build one and reuse it (templates, fonts
 * and colour profile are loaded once).
 */
public final class DischargePackBuilder {

    static final String PRODUCER = "villhop";
    private static final DateTimeFormatter ISSUED = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final PackTemplates templates;
    private final PdfRenderer pdf = new PdfRenderer();
    private final CdaWriter cda;
    private final XdmArchiveWriter xdm;
    private final Clock clock;

    public DischargePackBuilder(PackSettings settings, Clock clock) {
        this.templates = new PackTemplates(settings.templateFolder());
        this.cda = new CdaWriter(settings);
        this.xdm = new XdmArchiveWriter(settings);
        this.clock = clock;
    }

    public DischargePack build(DischargeRequest request) {
        Instant issued = clock.instant();
        Map<String, Object> context = context(request, issued);
        List<PackDocument> documents = new ArrayList<>();
        for (DocumentKind kind : kindsIn(request)) {
            context.put("doc", Map.of("title", kind.title(), "kind", kind.name()));
            byte[] pdfBytes = pdf.render(templates.render(kind, context), PRODUCER);
            if (kind.structured()) {
                DocumentIds ids = DocumentIds.of(request.establishment().finess(), request.packId(), kind,
                        request.version());
                documents.add(new PackDocument(kind, pdfBytes, cda.write(request, kind, ids, pdfBytes, issued), ids));
            } else {
                documents.add(new PackDocument(kind, pdfBytes, null, null));
            }
        }
        return new DischargePack(request, documents, xdm.write(request, documents, issued), issued);
    }

    /** The documents a request asks for, in pack order: the letter always, then each prescription present. */
    public static List<DocumentKind> kindsIn(DischargeRequest request) {
        List<DocumentKind> kinds = new ArrayList<>(List.of(DocumentKind.LETTER));
        DischargeRequest.Prescriptions p = request.prescriptions();
        if (p.medicines() != null) {
            kinds.add(DocumentKind.MEDICINES);
        }
        if (p.nursing() != null) {
            kinds.add(DocumentKind.NURSING);
        }
        if (p.transport() != null) {
            kinds.add(DocumentKind.TRANSPORT);
        }
        if (p.sickLeave() != null) {
            kinds.add(DocumentKind.SICK_LEAVE);
        }
        return kinds;
    }

    private static Map<String, Object> context(DischargeRequest request, Instant issued) {
        Map<String, Object> context = new HashMap<>();
        context.put("r", request);
        context.put("issued", ISSUED.format(issued.atZone(ZoneId.of("Europe/Paris"))));
        context.put("datamatrix", request.patient().ins().qualified() ? InsDatamatrix.pngDataUri(request.patient()) : null);
        context.put("versionNote", request.isCorrection()
                ? "Version " + request.version() + " : annule et remplace la version " + (request.version() - 1)
                : null);
        return context;
    }
}
