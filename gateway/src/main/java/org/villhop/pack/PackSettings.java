package org.villhop.pack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an administrator configures for the discharge pack.
 *
 * @param nilValue            the product reference sent in {@code X-MSS-NIL} on every message
 * @param patientDomain       the Mon espace santé domain, e.g. {@code patient.mssante.fr}
 * @param templateFolder      the administrator's template folder, or {@code null} for the built-in templates
 * @param facilityType        XDS healthcareFacilityTypeCode of the establishment (J02, e.g. {@code SA01})
 * @param practiceSetting     XDS practiceSettingCode (J04, e.g. {@code ETABLISSEMENT})
 */
public record PackSettings(String nilValue, String patientDomain, Path templateFolder, Code facilityType,
                           Code practiceSetting) {

    /** A coded value with its display name, as the value sets give it. */
    public record Code(String code, String displayName) {
    }

    public PackSettings {
        Objects.requireNonNull(nilValue, "nilValue");
        Objects.requireNonNull(patientDomain, "patientDomain");
        Objects.requireNonNull(facilityType, "facilityType");
        Objects.requireNonNull(practiceSetting, "practiceSetting");
    }

    /** Defaults for a public hospital sending to the national patient domain. */
    public static PackSettings defaults() {
        return new PackSettings("villhop/0.1", "patient.mssante.fr", null,
                new Code("SA01", "Etablissement public de santé"), new Code("ETABLISSEMENT", "Etablissement de santé"));
    }

    public PackSettings withTemplateFolder(Path folder) {
        return new PackSettings(nilValue, patientDomain, folder, facilityType, practiceSetting);
    }
}
