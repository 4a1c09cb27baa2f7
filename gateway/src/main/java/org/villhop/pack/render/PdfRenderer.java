package org.villhop.pack.render;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Level;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder.PdfAConformance;
import com.openhtmltopdf.util.XRLog;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Turns the XHTML of a document into PDF/A-1b: DejaVu fonts embedded (they cover French text), the sRGB colour profile
 * as output intent. The fonts and the profile are read once; rendering is thread-safe.
 */
public final class PdfRenderer {

    /** The family name templates use in their CSS. */
    public static final String FONT_FAMILY = "DejaVu Sans";

    private static final String FONT_DIR = "/net/sf/jasperreports/fonts/dejavu/";

    private final byte[] regular = font("DejaVuSans.ttf");
    private final byte[] bold = font("DejaVuSans-Bold.ttf");
    private final byte[] italic = font("DejaVuSans-Oblique.ttf");
    private final byte[] boldItalic = font("DejaVuSans-BoldOblique.ttf");
    private final byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    public PdfRenderer() {
        // openhtmltopdf logs every step at INFO through java.util.logging; keep only its warnings.
        XRLog.listRegisteredLoggers().forEach(logger -> XRLog.setLevel(logger, Level.WARNING));
    }

    public byte[] render(String xhtml, String producer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.usePdfAConformance(PdfAConformance.PDFA_1_B);
        builder.useColorProfile(srgb);
        builder.useFont(() -> new ByteArrayInputStream(regular), FONT_FAMILY, 400, FontStyle.NORMAL, true);
        builder.useFont(() -> new ByteArrayInputStream(bold), FONT_FAMILY, 700, FontStyle.NORMAL, true);
        builder.useFont(() -> new ByteArrayInputStream(italic), FONT_FAMILY, 400, FontStyle.ITALIC, true);
        builder.useFont(() -> new ByteArrayInputStream(boldItalic), FONT_FAMILY, 700, FontStyle.ITALIC, true);
        builder.withProducer(producer);
        builder.withHtmlContent(xhtml, null);
        // PDF/A-1 forbids cross-reference and object streams, which PDFBox 3 writes by default: save uncompressed.
        try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            renderer.layout();
            try (PDDocument document = renderer.createPDFKeepOpen()) {
                document.save(out, CompressParameters.NO_COMPRESSION);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] font(String name) {
        try (InputStream in = PdfRenderer.class.getResourceAsStream(FONT_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("font missing from the class path: " + FONT_DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
