package org.villhop.pack.message;

import org.villhop.pack.message.CompositionResult.PatientCopy;
import org.villhop.pack.request.DischargeRequest;

/**
 * Decides the Mon espace santé copy: only with a qualified INS and when the patient has not objected; the address is
 * {@code <INS matricule>@<patient domain>}. Otherwise the reason, worded for the sender.
 */
final class PatientCopyRule {

    private final String patientDomain;

    PatientCopyRule(String patientDomain) {
        this.patientDomain = patientDomain;
    }

    PatientCopy decide(DischargeRequest request) {
        DischargeRequest.Patient patient = request.patient();
        if (!patient.ins().qualified()) {
            return PatientCopy.notSent("no copy to Mon espace santé: the patient's INS is not qualified");
        }
        if (patient.monEspaceSanteOpposition()) {
            return PatientCopy.notSent("no copy to Mon espace santé: the patient objected to it");
        }
        return PatientCopy.added(patient.ins().matricule() + "@" + patientDomain);
    }

    boolean isPatientAddress(String address) {
        return address.toLowerCase(java.util.Locale.ROOT).endsWith("@" + patientDomain.toLowerCase(java.util.Locale.ROOT));
    }
}
