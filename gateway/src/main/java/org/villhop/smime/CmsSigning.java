package org.villhop.smime;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.smime.SMIMECapabilitiesAttribute;
import org.bouncycastle.asn1.smime.SMIMECapability;
import org.bouncycastle.asn1.smime.SMIMECapabilityVector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Prepares a CMS signed-data stream generator for one signer: the digest runs on the JDK's SHA-2, the signature on
 * AWS-LC's RSA where it runs ({@link NativeRsa}), else the JDK's RSA, or the JDK's ECDSA (BouncyCastle for RSA-PSS);
 * signed attributes carry the signing time (from the clock), SMIMECapabilities and signingCertificateV2; the chain
 * (without self-signed roots) is included.
 */
final class CmsSigning {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT);
    private final CryptoProviders providers;
    private final Clock clock;
    /** Per signer certificate: the signed attributes that do not change (capabilities, signingCertificateV2). */
    private final PerKeyCache<X509Certificate, List<Attribute>> constantAttributes = new PerKeyCache<>();
    /** Per signer certificate: BouncyCastle's parsed form (parsing it again cost more than a signature's digest). */
    private final PerKeyCache<X509Certificate, X509CertificateHolder> holders = new PerKeyCache<>();
    /** Per signer chain: the certificates carried in the signed data. */
    private final PerKeyCache<List<X509Certificate>, JcaCertStore> carriedStores = new PerKeyCache<>();

    CmsSigning(CryptoProviders providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
    }

    CMSSignedDataStreamGenerator generator(SmimeIdentity signer, SignOptions options) throws IOException {
        try {
            String algorithm = signatureAlgorithm(signer, options);
            Provider provider = signer.key() instanceof ECPrivateKey ? providers.jdkEc()
                    : options.rsaScheme() == SignOptions.RsaScheme.PSS ? providers.bc() : providers.jdkRsa();
            PrivateKey key = signer.key();
            if (provider == providers.jdkRsa()) {
                CryptoProviders.KeyOnProvider rsa = providers.rsaPrivate(key, provider);
                key = rsa.key();
                provider = rsa.provider();
            }
            X509Certificate cert = signer.certificate();
            DefaultSignedAttributeTableGenerator attributes =
                    new DefaultSignedAttributeTableGenerator(new AttributeTable(signedAttributes(cert)));
            CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
            generator.setBufferSize(Mime.BUFFER);
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(providers.jdkDigest()).build())
                    .setSignedAttributeGenerator(attributes)
                    .build(new JcaContentSignerBuilder(algorithm).setProvider(provider).build(key), holder(cert)));
            generator.addCertificates(carried(signer.chain()));
            return generator;
        } catch (OperatorCreationException | CMSException | GeneralSecurityException e) {
            throw new IOException("cannot prepare the signature: " + e.getMessage(), e);
        }
    }

    private X509CertificateHolder holder(X509Certificate cert) throws GeneralSecurityException {
        return holders.get(cert, JcaX509CertificateHolder::new);
    }

    static String signatureAlgorithm(SmimeIdentity signer, SignOptions options) {
        String digest = options.digest().jcaPrefix();
        if (signer.key() instanceof ECPrivateKey) {
            return digest + "withECDSA";
        }
        return options.rsaScheme() == SignOptions.RsaScheme.PSS ? digest + "WITHRSAANDMGF1" : digest + "withRSA";
    }

    /** The chain without self-signed roots, as a store (kept per chain: it is the same for every message). */
    private JcaCertStore carried(List<X509Certificate> chain) throws GeneralSecurityException {
        return carriedStores.get(List.copyOf(chain), c -> {
            List<X509Certificate> carried = new ArrayList<>();
            for (X509Certificate certificate : c) {
                if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                    carried.add(certificate);
                }
            }
            return new JcaCertStore(carried);
        });
    }

    private ASN1EncodableVector signedAttributes(X509Certificate cert) throws GeneralSecurityException {
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(signingTime(clock.instant()))));
        constantAttributes.get(cert, this::constantAttributes).forEach(attributes::add);
        return attributes;
    }

    /**
     * The signingTime value (RFC 5652 11.3): UTCTime from 1950 to 2049, GeneralizedTime otherwise, to the second.
     * Formatted here because BouncyCastle's {@code Time(Date)} builds a {@code SimpleDateFormat} at every call.
     */
    static Time signingTime(Instant when) {
        ZonedDateTime utc = when.atZone(ZoneOffset.UTC);
        if (utc.getYear() >= 1950 && utc.getYear() <= 2049) {
            return Time.getInstance(new DERUTCTime(UTC_TIME.format(utc)));
        }
        return Time.getInstance(new DERGeneralizedTime(GENERALIZED_TIME.format(utc)));
    }

    private List<Attribute> constantAttributes(X509Certificate cert) throws GeneralSecurityException {
        List<Attribute> attributes = new ArrayList<>();
        SMIMECapabilityVector capabilities = new SMIMECapabilityVector();
        capabilities.addCapability(CMSAlgorithm.AES256_GCM);
        capabilities.addCapability(CMSAlgorithm.AES128_GCM);
        capabilities.addCapability(CMSAlgorithm.AES256_CBC);
        capabilities.addCapability(CMSAlgorithm.AES128_CBC);
        capabilities.addCapability(PKCSObjectIdentifiers.id_RSAES_OAEP);
        capabilities.addCapability(PKCSObjectIdentifiers.id_RSASSA_PSS);
        capabilities.addCapability(SMIMECapability.preferSignedData);
        attributes.add(new SMIMECapabilitiesAttribute(capabilities));
        byte[] hash = MessageDigest.getInstance("SHA-256", providers.jdkDigest()).digest(cert.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()))), cert.getSerialNumber());
        attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2(hash, issuerSerial)))));
        return List.copyOf(attributes);
    }
}
