package org.villhop.pack.xdm;

import org.villhop.pack.render.DocumentKind;

/** The XDS classCode (French class of documents, code system 1.2.250.1.213.1.1.4.1) of each structured kind. */
record ClassCode(String code, String displayName) {

    static ClassCode of(DocumentKind kind) {
        return switch (kind) {
            case LETTER -> new ClassCode("10", "Compte rendu");
            case MEDICINES, NURSING, TRANSPORT -> new ClassCode("13", "Prescription");
            case SICK_LEAVE -> throw new IllegalArgumentException("the sick-leave information copy is not in the XDM archive");
        };
    }
}
