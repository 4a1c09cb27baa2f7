package org.villhop.pack.xdm;

import org.villhop.pack.request.DischargeRequest;

/** The HL7 v2 data types XDS metadata carries (CX, XCN, XON), built from the request. */
final class Hl7v2 {

    private Hl7v2() {
    }

    /** The INS as a CX: {@code matricule^^^&OID&ISO^NH}. */
    static String patientId(DischargeRequest.Patient p) {
        return p.ins().matricule() + "^^^&" + p.ins().oid() + "&ISO^NH";
    }

    /** The hospital doctor as an XCN with the RPPS-based national id ("8" + RPPS). */
    static String authorPerson(DischargeRequest.Doctor d) {
        return "8" + d.rpps() + "^" + d.familyName() + "^" + d.givenName() + "^^^DR^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS";
    }

    /** The establishment as an XON with its FINESS-based id ("1" + FINESS). */
    static String institution(DischargeRequest.Establishment e) {
        return e.name() + "^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1" + e.finess();
    }

    static String sourcePatientName(DischargeRequest.Patient p) {
        return "PID-5|" + p.birthName() + "^" + p.birthGivenNames().trim().split("\\s+")[0] + "^^^^^L";
    }
}
