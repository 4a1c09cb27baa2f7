package org.villhop.pack.request;

import java.math.BigInteger;

/** The control key of a NIR/NIA: 97 minus the 13-character number modulo 97 (Corsica's 2A/2B substituted). */
final class NirKey {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private NirKey() {
    }

    static boolean isValid(String matricule) {
        String body = matricule.substring(0, 13);
        long key = Long.parseLong(matricule.substring(13));
        BigInteger number;
        if (body.contains("2A")) {
            number = new BigInteger(body.replace("2A", "19")).subtract(BigInteger.valueOf(1_000_000));
        } else if (body.contains("2B")) {
            number = new BigInteger(body.replace("2B", "18")).subtract(BigInteger.valueOf(2_000_000));
        } else {
            number = new BigInteger(body);
        }
        return 97 - number.mod(NINETY_SEVEN).longValue() == key;
    }
}
