package org.villhop.smime;

import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.util.encoders.Hex;

/** Names a CMS recipient for people: issuer and serial number, or subject key identifier. */
final class RecipientNames {
    private RecipientNames() {
    }

    static String describe(RecipientId id) {
        if (id instanceof KeyTransRecipientId kt) {
            return kt.getIssuer() != null ? "serial " + kt.getSerialNumber().toString(16) + " of " + kt.getIssuer()
                    : "key id " + Hex.toHexString(kt.getSubjectKeyIdentifier());
        }
        if (id instanceof KeyAgreeRecipientId ka) {
            return ka.getIssuer() != null ? "serial " + ka.getSerialNumber().toString(16) + " of " + ka.getIssuer()
                    : "key id " + Hex.toHexString(ka.getSubjectKeyIdentifier());
        }
        return id.getClass().getSimpleName();
    }
}
