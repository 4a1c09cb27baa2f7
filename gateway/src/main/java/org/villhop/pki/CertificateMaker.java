package org.villhop.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds and signs X.509 certificates and CRLs with the extensions each kind needs. */
final class CertificateMaker {

    private CertificateMaker() {
    }

    static X500Name name(String commonName, String organisation) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        b.addRDN(BCStyle.C, "FR");
        if (organisation != null && !organisation.isBlank()) {
            b.addRDN(BCStyle.O, organisation);
        }
        b.addRDN(BCStyle.CN, commonName);
        return b.build();
    }

    /** A self-signed root CA certificate. */
    static X509Certificate selfSignedCa(X500Name subject, PublicKey publicKey, PrivateKey privateKey, BigInteger serial,
                                        Instant notBefore, Instant notAfter) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, publicKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            return sign(b, privateKey, publicKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build the root certificate: " + e.getMessage(), e);
        }
    }

    /** An intermediate CA certificate (path length 0: it signs end entities only). */
    static X509Certificate intermediateCa(X500Name subject, PublicKey publicKey, X509Certificate issuer,
                                          PrivateKey issuerKey, BigInteger serial, Instant notBefore,
                                          Instant notAfter, String crlUrl) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, publicKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(crlUrl));
            return sign(b, issuerKey, issuer.getPublicKey());
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build the intermediate certificate: " + e.getMessage(), e);
        }
    }

    /** An end-entity certificate of the given profile. */
    static X509Certificate endEntity(IssueRequest request, PublicKey publicKey, X509Certificate issuer,
                                     PrivateKey issuerKey, BigInteger serial, String crlUrl) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(request.notBefore()), Date.from(request.notAfter()),
                    name(request.commonName(), request.organisation()), publicKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, request.profile().keyUsage(KeyAlgorithm.isEc(publicKey)));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(request.profile().extendedKeyUsages()));
            b.addExtension(Extension.subjectAlternativeName, false, alternativeNames(request));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(crlUrl));
            return sign(b, issuerKey, issuer.getPublicKey());
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build the certificate: " + e.getMessage(), e);
        }
    }

    /** A version-2 CRL listing the revoked entries, with its number and the issuer's key identifier. */
    static X509CRL crl(X509Certificate issuer, PrivateKey issuerKey, List<CaIndex.Entry> revoked, BigInteger number,
                       Instant thisUpdate, Instant nextUpdate) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (CaIndex.Entry e : revoked) {
                b.addCRLEntry(e.serial(), Date.from(e.revokedAt()), e.reason().code());
            }
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            ContentSigner signer = signer(issuerKey, issuer.getPublicKey());
            return new JcaX509CRLConverter().getCRL(b.build(signer));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build the CRL: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(IssueRequest request) {
        List<GeneralName> names = new ArrayList<>();
        request.emails().forEach(e -> names.add(new GeneralName(GeneralName.rfc822Name, e)));
        request.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        for (String ip : request.ipAddresses()) {
            if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new PkiException("not an IP address: '" + ip + "'");
            }
            try {
                InetAddress.getByName(ip);
            } catch (UnknownHostException e) {
                throw new PkiException("not an IP address: '" + ip + "'");
            }
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static CRLDistPoint distributionPoint(String url) {
        GeneralNames where = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
        return new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(where), null, null)});
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key, PublicKey keyOfSigner)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(signer(key, keyOfSigner)));
    }

    private static ContentSigner signer(PrivateKey key, PublicKey keyOfSigner) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(keyOfSigner)).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}
