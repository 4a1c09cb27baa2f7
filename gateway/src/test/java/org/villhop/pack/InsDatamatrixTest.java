package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.datamatrix.DataMatrixReader;
import org.junit.jupiter.api.Test;
import org.villhop.pack.render.InsDatamatrix;
import org.villhop.pack.request.DischargeRequest;

class InsDatamatrixTest {

    @Test
    void theDatamatrixCarriesTheInsAndTheTraits() {
        DischargeRequest.Patient patient = SamplePack.request().patient();
        assertEquals("IS01S1279035121518989S21.2.250.1.213.1.4.10\u001DS3HELENE MARIE ZOE\u001DS4F"
                + "S5ETIENNE-DUPRE\u001DS621-03-1979S751215", InsDatamatrix.content(patient));
    }

    @Test
    void theImageIsAnOpaqueDatamatrixThatDecodesBack() throws Exception {
        DischargeRequest.Patient patient = SamplePack.request().patient();
        String uri = InsDatamatrix.pngDataUri(patient);
        assertTrue(uri.startsWith("data:image/png;base64,"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(uri.substring("data:image/png;base64,".length()))));
        assertEquals(false, image.getColorModel().hasAlpha());
        String decoded = new DataMatrixReader().decode(
                new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(),
                        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth())))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        assertEquals(InsDatamatrix.content(patient), decoded);
    }
}
