package org.villhop.trust;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks a certificate's OCSP responder (RFC 6960, over HTTP POST, named in its Authority Information Access) whether
 * it is revoked. A response counts only when it is signed by the issuer or by a responder the issuer certified for
 * OCSP signing, names this certificate, echoes the nonce when it carries one and is current (this update not in the
 * future, next update not past, with five minutes of tolerance for clocks). Answers are kept until their next update
 * (at most an hour). Anything else is "unknown", with the reason.
 */
public final class OcspClient {

    /** The status of one certificate, from a verified response, or unknown with the reason. */
    public record Answer(Status status, Instant revokedAt, String detail) {
        public enum Status { GOOD, REVOKED, UNKNOWN }

        static Answer unknown(String detail) {
            return new Answer(Status.UNKNOWN, null, detail);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);
    private static final Duration LONGEST_KEPT = Duration.ofHours(1);
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    private final Clock clock;
    private final AlgorithmPolicy policy;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Kept> answers = new ConcurrentHashMap<>();

    private record Kept(Answer answer, Instant until) {
    }

    public OcspClient(Clock clock, AlgorithmPolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** The responder URIs of {@code cert} (http only: OCSP responses are signed, the transport is plain). */
    static List<URI> responders(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        List<URI> uris = new ArrayList<>();
        if (ext == null) {
            return uris;
        }
        AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                ASN1OctetString.getInstance(ext).getOctets());
        for (AccessDescription description : access.getAccessDescriptions()) {
            GeneralName location = description.getAccessLocation();
            if (description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                    && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                URI uri = URI.create(location.getName().toString());
                if ("http".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT))) {
                    uris.add(uri);
                }
            }
        }
        return uris;
    }

    /** The status of {@code cert} (issued by {@code issuer}) at {@code at}. */
    public Answer status(X509Certificate cert, X509Certificate issuer, Instant at) {
        List<URI> responders = responders(cert);
        if (responders.isEmpty()) {
            return Answer.unknown("the certificate names no OCSP responder");
        }
        Kept kept = answers.get(key(cert, issuer));
        if (kept != null && clock.instant().isBefore(kept.until())) {
            return kept.answer();
        }
        Answer answer = null;
        for (URI responder : responders) {
            answer = ask(responder, cert, issuer, at);
            if (answer.status() != Answer.Status.UNKNOWN) {
                break;
            }
        }
        return answer;
    }

    private static String key(X509Certificate cert, X509Certificate issuer) {
        return issuer.getSubjectX500Principal().getName() + "/" + cert.getSerialNumber();
    }

    private Answer ask(URI responder, X509Certificate cert, X509Certificate issuer, Instant at) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            byte[] request = new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(
                    new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                            new DEROctetString(new DEROctetString(nonce).getEncoded()))))
                    .build().getEncoded();
            OCSPResp response = new OCSPResp(post(responder, request));
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return Answer.unknown(responder + " answered with OCSP status " + response.getStatus());
            }
            if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
                return Answer.unknown(responder + " sent no basic OCSP response");
            }
            Optional<String> problem = checkSignature(basic, issuer, at);
            if (problem.isEmpty()) {
                problem = checkNonce(basic, nonce);
            }
            if (problem.isPresent()) {
                return Answer.unknown(responder + ": " + problem.get());
            }
            SingleResp single = Arrays.stream(basic.getResponses()).filter(r -> r.getCertID().equals(id))
                    .findFirst().orElse(null);
            if (single == null) {
                return Answer.unknown(responder + ": the response is not about this certificate");
            }
            Instant thisUpdate = single.getThisUpdate().toInstant();
            Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
            if (thisUpdate.isAfter(at.plus(CLOCK_TOLERANCE))) {
                return Answer.unknown(responder + ": the response is dated in the future (" + thisUpdate + ")");
            }
            if (nextUpdate != null && nextUpdate.plus(CLOCK_TOLERANCE).isBefore(at)) {
                return Answer.unknown(responder + ": the response is out of date (next update was " + nextUpdate
                        + ")");
            }
            Answer answer = answer(single.getCertStatus(), responder);
            Instant now = clock.instant();
            Instant until = nextUpdate == null || nextUpdate.isAfter(now.plus(LONGEST_KEPT))
                    ? now.plus(LONGEST_KEPT) : nextUpdate;
            if (answer.status() != Answer.Status.UNKNOWN) {
                answers.put(key(cert, issuer), new Kept(answer, until));
            }
            return answer;
        } catch (IOException e) {
            return Answer.unknown(responder + " cannot be asked: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.unknown(responder + ": interrupted");
        } catch (OCSPException | OperatorCreationException | GeneralSecurityException e) {
            return Answer.unknown(responder + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            return Answer.unknown(responder + ": malformed response (" + e.getMessage() + ")");
        }
    }

    private static Answer answer(CertificateStatus status, URI responder) {
        if (status == CertificateStatus.GOOD) {
            return new Answer(Answer.Status.GOOD, null, responder + ": good");
        }
        if (status instanceof RevokedStatus revoked) {
            Instant when = revoked.getRevocationTime().toInstant();
            return new Answer(Answer.Status.REVOKED, when, responder + ": revoked on " + when);
        }
        return Answer.unknown(responder + ": the responder does not know the certificate");
    }

    /** Empty when the response is signed by the issuer or by a responder it certified for OCSP signing. */
    private Optional<String> checkSignature(BasicOCSPResp basic, X509Certificate issuer, Instant at)
            throws OperatorCreationException, OCSPException, GeneralSecurityException {
        String algorithm = basic.getSignatureAlgOID().getId();
        Optional<String> weak = policy.checkSignatureAlgorithm(algorithm, algorithm);
        if (weak.isPresent()) {
            return Optional.of("the response is signed with " + weak.get());
        }
        if (basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
            return Optional.empty();
        }
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate responder = new JcaX509CertificateConverter().getCertificate(holder);
            if (authorised(responder, issuer, at)
                    && basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
                return Optional.empty();
            }
        }
        return Optional.of("the response is not signed by " + Certificates.name(issuer)
                + " or by a responder it certified for OCSP signing");
    }

    private static boolean authorised(X509Certificate responder, X509Certificate issuer, Instant at) {
        try {
            if (!responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return false;
            }
            responder.verify(issuer.getPublicKey());
            responder.checkValidity(java.util.Date.from(at));
            List<String> usages = responder.getExtendedKeyUsage();
            return usages != null && usages.contains(OCSP_SIGNING);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Optional<String> checkNonce(BasicOCSPResp basic, byte[] nonce) {
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (echoed == null) {
            return Optional.empty(); // many responders precompute their answers and carry no nonce
        }
        byte[] value = ASN1OctetString.getInstance(echoed.getParsedValue()).getOctets();
        return Arrays.equals(value, nonce) ? Optional.empty()
                : Optional.of("the response carries another request's nonce");
    }

    private static byte[] post(URI responder, byte[] request) throws IOException, InterruptedException {
        return Http.fetch(HttpRequest.newBuilder(responder).timeout(TIMEOUT)
                .header("Content-Type", "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                TIMEOUT, HttpClient.Redirect.NEVER, MAX_RESPONSE_BYTES, "response");
    }

}
