package org.villhop.pack;

import org.villhop.pack.cda.DocumentIds;
import org.villhop.pack.render.DocumentKind;

/**
 * One rendered document of a pack: its PDF/A and, for the structured kinds, its CDA R2 level 1 wrapper and ids.
 *
 * @param cda {@code null} for the sick-leave information copy (no CDA, not in the XDM archive)
 * @param ids {@code null} when {@code cda} is
 */
public record PackDocument(DocumentKind kind, byte[] pdf, byte[] cda, DocumentIds ids) {

    public boolean structured() {
        return cda != null;
    }
}
