package org.villhop.pack.xdm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.villhop.pack.PackDocument;
import org.villhop.pack.PackSettings;
import org.villhop.pack.request.DischargeRequest;

/**
 * Writes {@code IHE_XDM.ZIP} (IHE ITI XDM, ANS profile): {@code README.TXT}, {@code INDEX.HTM},
 * {@code IHE_XDM/SUBSET01/METADATA.XML} and one {@code DOCnnnn.XML} per structured document.
 */
public final class XdmArchiveWriter {

    public static final String ARCHIVE_NAME = "IHE_XDM.ZIP";
    public static final String SUBSET = "IHE_XDM/SUBSET01/";

    private final XdmMetadataWriter metadata;

    public XdmArchiveWriter(PackSettings settings) {
        this.metadata = new XdmMetadataWriter(settings);
    }

    /** The 8.3 upper-case name of the n-th document (1-based), e.g. {@code DOC0001.XML}. */
    public static String documentFileName(int n) {
        return String.format("DOC%04d.XML", n);
    }

    public byte[] write(DischargeRequest request, List<PackDocument> documents, Instant issued) {
        List<PackDocument> structured = new ArrayList<>();
        for (PackDocument d : documents) {
            if (d.structured()) {
                structured.add(d);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            put(zip, "README.TXT", readme(request, structured).getBytes(StandardCharsets.UTF_8));
            put(zip, "INDEX.HTM", index(request, structured).getBytes(StandardCharsets.UTF_8));
            put(zip, SUBSET + "METADATA.XML", metadata.write(request, structured, issued));
            for (int i = 0; i < structured.size(); i++) {
                put(zip, SUBSET + documentFileName(i + 1), structured.get(i).cda());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String readme(DischargeRequest r, List<PackDocument> documents) {
        StringBuilder text = new StringBuilder();
        text.append("IHE XDM media - discharge documents\r\n\r\n");
        text.append("Sender: ").append(r.establishment().name()).append(" (FINESS ").append(r.establishment().finess())
                .append("), service ").append(r.stay().service()).append("\r\n");
        text.append("Produced by: villhop secure health-messaging gateway\r\n");
        text.append("Content: ").append(documents.size()).append(" CDA R2 document(s) in ").append(SUBSET)
                .append(", described by METADATA.XML. Open INDEX.HTM for the list.\r\n");
        return text.toString();
    }

    private static String index(DischargeRequest r, List<PackDocument> documents) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>IHE XDM</title></head><body>\n");
        html.append("<h1>Documents transmis</h1>\n<p>").append(escape(r.establishment().name())).append("</p>\n<ul>\n");
        for (int i = 0; i < documents.size(); i++) {
            html.append("<li><a href=\"").append(SUBSET).append(documentFileName(i + 1)).append("\">")
                    .append(escape(documents.get(i).kind().title())).append("</a></li>\n");
        }
        html.append("</ul>\n<p><a href=\"").append(SUBSET).append("METADATA.XML\">METADATA.XML</a></p>\n</body></html>\n");
        return html.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
