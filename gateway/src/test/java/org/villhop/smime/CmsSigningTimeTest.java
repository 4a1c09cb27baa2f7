package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.cms.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CmsSigningTimeTest {

    /** The signingTime attribute keeps the encoding BouncyCastle's own Time(Date) gives (UTCTime or GeneralizedTime). */
    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T03:59:07.812Z", "1999-12-31T23:59:59Z", "2049-12-31T23:59:59.999Z",
            "2050-01-01T00:00:00Z", "2051-03-04T05:06:07.891Z", "1949-06-30T12:00:00Z", "2000-02-29T00:00:01Z"})
    void signingTimeIsEncodedAsBouncyCastleWouldEncodeIt(String instant) throws Exception {
        Instant when = Instant.parse(instant);
        assertArrayEquals(new Time(Date.from(when)).getEncoded(), CmsSigning.signingTime(when).getEncoded(), instant);
    }
}
