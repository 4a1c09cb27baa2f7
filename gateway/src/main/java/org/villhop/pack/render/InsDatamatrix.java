package org.villhop.pack.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.datamatrix.DataMatrixWriter;
import com.google.zxing.datamatrix.encoder.SymbolShapeHint;

import org.villhop.pack.request.DischargeRequest.Patient;

/**
 * The INS datamatrix printed on the first page of a document that references a qualified INS: a header {@code IS01}
 * then the identity fields, each introduced by its two-character tag, variable-length fields ended by GS (0x1D),
 * encoded in C40 as the ANS asks. Images are opaque greyscale PNG (PDF/A-1 forbids transparency).
 */
public final class InsDatamatrix {

    static final char GS = 0x1D;
    private static final int MODULE_PIXELS = 6;
    private static final int QUIET_ZONE_MODULES = 2;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    /** The text the datamatrix carries. */
    public static String content(Patient patient) {
        return "IS01"
                + "S1" + patient.ins().matricule()
                + "S2" + patient.ins().oid() + GS
                + "S3" + plain(patient.birthGivenNames()) + GS
                + "S4" + patient.sex()
                + "S5" + plain(patient.birthName()) + GS
                + "S6" + LocalDate.parse(patient.birthDate()).format(DATE)
                + "S7" + patient.birthplaceInsee();
    }

    /** A {@code data:} URI of the PNG image, for an {@code <img src>} in a template. */
    public static String pngDataUri(Patient patient) {
        BitMatrix matrix = new DataMatrixWriter().encode(content(patient), BarcodeFormat.DATA_MATRIX, 0, 0,
                Map.of(EncodeHintType.FORCE_C40, Boolean.TRUE,
                        EncodeHintType.DATA_MATRIX_SHAPE, SymbolShapeHint.FORCE_SQUARE));
        int side = (matrix.getWidth() + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int mx = x / MODULE_PIXELS - QUIET_ZONE_MODULES;
                int my = y / MODULE_PIXELS - QUIET_ZONE_MODULES;
                boolean dark = mx >= 0 && my >= 0 && mx < matrix.getWidth() && my < matrix.getHeight()
                        && matrix.get(mx, my);
                image.getRaster().setSample(x, y, 0, dark ? 0 : 255);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    /** Upper case without accents: the INS traits are printed that way. */
    public static String plain(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}", "").toUpperCase(Locale.ROOT);
    }
}
