package org.villhop.pack.render;

/**
 * The documents of a discharge pack, with what typing them needs: the template, the file name, the XDS/CDA type code.
 * The sick-leave document is only an information copy (the legal Cerfa is made by the secured service): it has no CDA
 * type and is never put in the XDM archive, so that no software files it as the legal prescription.
 */
public enum DocumentKind {
    LETTER("lettre-de-liaison", "Lettre de liaison à la sortie", "11490-0", Codes.LOINC,
            "Lettre de liaison à la sortie d'un établissement de soins"),
    MEDICINES("ordonnance", "Ordonnance de sortie", "57833-6", Codes.LOINC, "Prescription de produits de santé"),
    NURSING("soins-infirmiers", "Prescription de soins infirmiers", "PRESC-INF", Codes.ANS_TYPES,
            "Prescription d'actes infirmiers"),
    TRANSPORT("transport", "Prescription médicale de transport", "57828-6", Codes.LOINC, "Prescription (autre)"),
    SICK_LEAVE("arret-de-travail-information", "Arrêt de travail : copie d'information", null, null, null);

    private final String baseName;
    private final String title;
    private final String typeCode;
    private final String typeCodeSystem;
    private final String typeDisplayName;

    DocumentKind(String baseName, String title, String typeCode, String typeCodeSystem, String typeDisplayName) {
        this.baseName = baseName;
        this.title = title;
        this.typeCode = typeCode;
        this.typeCodeSystem = typeCodeSystem;
        this.typeDisplayName = typeDisplayName;
    }

    /** Template name and file base name, e.g. {@code lettre-de-liaison}. */
    public String baseName() {
        return baseName;
    }

    public String title() {
        return title;
    }

    public String pdfFileName() {
        return baseName + ".pdf";
    }

    /** True when the document gets a CDA wrapper and an entry in {@code IHE_XDM.ZIP}. */
    public boolean structured() {
        return typeCode != null;
    }

    public String typeCode() {
        return typeCode;
    }

    public String typeCodeSystem() {
        return typeCodeSystem;
    }

    public String typeDisplayName() {
        return typeDisplayName;
    }

    /** Code systems used for the document types. */
    public static final class Codes {
        public static final String LOINC = "2.16.840.1.113883.6.1";
        public static final String ANS_TYPES = "1.2.250.1.213.1.1.4.12";

        private Codes() {
        }
    }
}
