package org.villhop.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import javax.net.ssl.X509TrustManager;

import org.villhop.config.GatewayConfig;
import org.villhop.directory.RecipientDirectory;
import org.villhop.pack.message.DischargeMessageComposer;
import org.villhop.pipeline.DischargeRequestCheck;
import org.villhop.pipeline.EncryptionCertificates;
import org.villhop.pipeline.KeyRing;
import org.villhop.pipeline.OpenStage;
import org.villhop.pipeline.PackStage;
import org.villhop.pipeline.ProductReferenceStage;
import org.villhop.pipeline.Pipeline;
import org.villhop.pipeline.ProtectStage;
import org.villhop.pipeline.TrustSpaceCheck;
import org.villhop.pki.PkiStore;
import org.villhop.policy.ContentCheck;
import org.villhop.smime.SmimeComposer;
import org.villhop.smime.SmimeOpener;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.Certificates;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.CrlRepository;
import org.villhop.trust.OcspClient;
import org.villhop.trust.ValidatingTrustManager;

/**
 * The gateway's two pipelines, built from the configuration and the data directory's PKI:
 * outbound = trust-space check → discharge pack → X-MSS-NIL → sign + encrypt; inbound = decrypt + verify + verdict
 * header.
 * Trust anchors and CRLs are those of {@code tls} plus the data directory's {@code pki/anchors} and {@code pki/crls}.
 */
final class Pipelines {
    final Pipeline outbound;
    final Pipeline inbound;
    final ProtectStage protect;
    final KeyRing keys;
    /** What the SMTP listeners check before acknowledging a submitted message: its discharge request. */
    final ContentCheck submissionCheck;
    /** Certificate validation on the trust anchors and CRLs (S/MIME signers, peers' TLS client certificates). */
    final CertificateValidator validator;
    /**
     * Trust for TLS peers (next hops, upstream operators, listeners' required client certificates): the anchors of
     * tls.trust-anchors, revocation checked on the same CRLs as S/MIME.
     */
    final X509TrustManager tlsTrust;

    private Pipelines(Pipeline outbound, Pipeline inbound, ProtectStage protect, KeyRing keys,
                      ContentCheck submissionCheck, CertificateValidator validator, X509TrustManager tlsTrust) {
        this.validator = validator;
        this.tlsTrust = tlsTrust;
        this.outbound = outbound;
        this.inbound = inbound;
        this.protect = protect;
        this.keys = keys;
        this.submissionCheck = submissionCheck;
    }

    static Pipelines build(GatewayConfig config, Path pkiPasswordFile, Path spool, Clock clock, Consumer<String> log)
            throws IOException {
        Path data = config.dataDir();
        PkiStore store = new PkiStore(data);
        Path passwordFile = pkiPasswordFile != null ? pkiPasswordFile : config.tls().keystorePasswordFile();
        KeyRing keys = KeyRing.watching(store, () -> Listeners.firstLine(passwordFile), config.localDomains(), clock,
                log);
        CrlRepository crls = crls(config, store, clock, log);
        OcspClient ocsp = new OcspClient(clock, new AlgorithmPolicy());
        CertificateValidator validator = validator(config, store, crls, ocsp);
        SmimeComposer composer = new SmimeComposer(clock);
        log.accept("RSA signatures and decryption by " + composer.rsaSignatureProvider());
        ProtectStage protect = new ProtectStage(composer, keys,
                new EncryptionCertificates(new RecipientDirectory(data), validator, crls, clock),
                config.security()::policyFor);
        DischargeMessageComposer discharge = new DischargeMessageComposer(config.pack(), clock, spool);
        Pipeline outbound = new Pipeline(List.of(TrustSpaceCheck.of(config.security().trustSpace())),
                List.of(new PackStage(discharge), new ProductReferenceStage(config.pack().nilValue()), protect),
                spool);
        Pipeline inbound = new Pipeline(List.of(), List.of(new OpenStage(new SmimeOpener(validator, clock,
                1024 * 1024, spool), keys, spool, config.security().quarantine())), spool);
        return new Pipelines(outbound, inbound, protect, keys, new DischargeRequestCheck(discharge), validator,
                new ValidatingTrustManager(tlsValidator(config, store, crls, ocsp), clock));
    }

    /** Validation of TLS peers: only tls.trust-anchors are anchors (the S/MIME ones of pki/anchors are not). */
    private static CertificateValidator tlsValidator(GatewayConfig config, PkiStore store, CrlRepository crls,
                                                     OcspClient ocsp) throws IOException {
        Set<X509Certificate> anchors = tlsAnchors(config);
        if (anchors.isEmpty()) {
            throw new IOException("no trust anchors configured (tls.trust-anchors)");
        }
        Set<X509Certificate> intermediates = new LinkedHashSet<>(store.trustAnchors());
        intermediates.addAll(identityIntermediates(store));
        return validator(anchors, intermediates, crls, ocsp);
    }

    /** Validation of S/MIME signers and recipients: the anchors of pki/anchors and of tls.trust-anchors. */
    private static CertificateValidator validator(GatewayConfig config, PkiStore store, CrlRepository crls,
                                                  OcspClient ocsp) throws IOException {
        Set<X509Certificate> anchors = new LinkedHashSet<>(store.trustAnchors());
        anchors.addAll(tlsAnchors(config));
        return validator(anchors, identityIntermediates(store), crls, ocsp);
    }

    /** Revocation from the CRLs, else from the certificate's OCSP responder. */
    private static CertificateValidator validator(Set<X509Certificate> anchors, Set<X509Certificate> intermediates,
                                                  CrlRepository crls, OcspClient ocsp) {
        intermediates.removeAll(anchors);
        return new CertificateValidator(anchors, intermediates, crls, ocsp, new AlgorithmPolicy(), true);
    }

    private static Set<X509Certificate> tlsAnchors(GatewayConfig config) throws IOException {
        Set<X509Certificate> anchors = new LinkedHashSet<>();
        for (Path file : config.tls().trustAnchors()) {
            anchors.addAll(Certificates.read(file));
        }
        return anchors;
    }

    /** The certificates between each local identity and its anchor (the chain minus the identity's own). */
    private static Set<X509Certificate> identityIntermediates(PkiStore store) {
        Set<X509Certificate> intermediates = new LinkedHashSet<>();
        for (PkiStore.StoredIdentity identity : store.identities()) {
            intermediates.addAll(identity.chain().subList(1, identity.chain().size()));
        }
        return intermediates;
    }

    private static CrlRepository crls(GatewayConfig config, PkiStore store, Clock clock, Consumer<String> log)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (String location : config.tls().crls()) {
            if (!location.startsWith("http://") && !location.startsWith("https://")) {
                files.add(Path.of(location));
            }
        }
        return CrlRepository.watching(List.of(store.crlsDirectory()), files, clock, log);
    }
}
