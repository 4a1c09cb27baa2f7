package org.villhop.trust;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.villhop.storage.FileStamp;

/**
 * CRLs given by the operator (files) plus, when none of those is a current CRL of the certificate's issuer, the CRLs of
 * the certificate's own distribution points ({@code http:} or {@code file:} URIs), fetched once and cached until their
 * next update.
 */
public final class CrlRepository implements CrlSource {
    private static final int MAX_CRL_BYTES = 20 * 1024 * 1024;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(15);

    private volatile List<X509CRL> given;
    private final boolean fetchDistributionPoints;
    private final Clock clock;
    private final Map<URI, X509CRL> cache = new ConcurrentHashMap<>();
    private final WatchedFiles watched;

    /**
     * @param given CRLs read from files by the operator
     * @param fetchDistributionPoints whether CRL distribution points of certificates may be fetched
     * @param clock decides when a cached CRL is out of date
     */
    public CrlRepository(Collection<X509CRL> given, boolean fetchDistributionPoints, Clock clock) {
        this(given, fetchDistributionPoints, clock, null);
    }

    private CrlRepository(Collection<X509CRL> given, boolean fetchDistributionPoints, Clock clock,
                          WatchedFiles watched) {
        this.given = List.copyOf(given);
        this.fetchDistributionPoints = fetchDistributionPoints;
        this.clock = clock;
        this.watched = watched;
    }

    /**
     * CRLs of the files ending in {@code .crl}, {@code .pem} or {@code .der} in {@code directories} plus {@code files},
     * read again whenever one of them is written, replaced, added or removed (a CRL published with {@code villhop cert
     * crl} while the gateway runs counts from the next check); distribution points fetched as needed. A file that
     * cannot be read at a reload is reported to {@code log} and its previous content, if any, kept.
     *
     * @throws IOException when a file cannot be read at this first load
     */
    public static CrlRepository watching(Collection<Path> directories, Collection<Path> files, Clock clock,
                                         Consumer<String> log) throws IOException {
        WatchedFiles watched = new WatchedFiles(List.copyOf(directories), List.copyOf(files), log);
        FileStamp stamp = FileStamp.of(watched.directories, watched.files);
        Map<Path, List<X509CRL>> read = new LinkedHashMap<>();
        for (Path file : watched.crlFiles()) {
            read.put(file, Certificates.readCrls(file));
        }
        watched.seen = stamp;
        watched.byFile = read;
        return new CrlRepository(flatten(read), true, clock, watched);
    }

    /** CRLs read from the given files, distribution points fetched as needed. */
    public static CrlRepository fromFiles(Collection<Path> files, Clock clock) throws IOException {
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : files) {
            crls.addAll(Certificates.readCrls(file));
        }
        return new CrlRepository(crls, true, clock);
    }

    @Override
    public List<X509CRL> crlsFor(X509Certificate cert) throws CrlUnavailableException {
        List<X509CRL> found = new ArrayList<>();
        for (X509CRL crl : given()) {
            if (crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                found.add(crl);
            }
        }
        boolean current = found.stream().anyMatch(crl -> crl.getNextUpdate() == null
                || crl.getNextUpdate().toInstant().isAfter(clock.instant()));
        if (current || !fetchDistributionPoints) {
            return found;
        }
        CrlUnavailableException lastFailure = null;
        for (URI uri : distributionPoints(cert)) {
            try {
                found.add(fetch(uri));
            } catch (CrlUnavailableException e) {
                lastFailure = e;
            }
        }
        if (found.isEmpty() && lastFailure != null) {
            throw lastFailure;
        }
        return found;
    }

    private List<X509CRL> given() {
        if (watched != null && watched.changed()) {
            reload();
        }
        return given;
    }

    private synchronized void reload() {
        FileStamp stamp;
        List<Path> files;
        try {
            stamp = FileStamp.of(watched.directories, watched.files);
            files = watched.crlFiles();
        } catch (IOException e) {
            watched.log.accept("crls: not read again (" + cause(e) + "); the CRLs read before stay in use");
            return;
        }
        if (stamp.equals(watched.seen)) {
            return;
        }
        Map<Path, List<X509CRL>> read = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                read.put(file, Certificates.readCrls(file));
            } catch (IOException e) {
                List<X509CRL> before = watched.byFile.get(file);
                watched.log.accept("crls: " + file + " not read (" + cause(e) + ")"
                        + (before == null ? "" : "; its previous content stays in use"));
                if (before != null) {
                    read.put(file, before);
                }
            }
        }
        given = flatten(read);
        watched.byFile = read;
        watched.seen = stamp;
        watched.log.accept("crls: read again, " + given.size() + " CRL(s) from " + read.size() + " file(s)");
    }

    private static List<X509CRL> flatten(Map<Path, List<X509CRL>> byFile) {
        return byFile.values().stream().flatMap(List::stream).toList();
    }

    /** The operator's CRL files, watched through their {@link FileStamp}. */
    private static final class WatchedFiles {
        final List<Path> directories;
        final List<Path> files;
        final Consumer<String> log;
        volatile FileStamp seen;
        volatile Map<Path, List<X509CRL>> byFile = Map.of();

        WatchedFiles(List<Path> directories, List<Path> files, Consumer<String> log) {
            this.directories = directories;
            this.files = files;
            this.log = log;
        }

        List<Path> crlFiles() throws IOException {
            List<Path> out = new ArrayList<>();
            for (Path directory : directories) {
                if (!Files.isDirectory(directory)) {
                    continue;
                }
                try (java.util.stream.Stream<Path> listing = Files.list(directory)) {
                    listing.filter(f -> {
                        String name = f.getFileName().toString();
                        return Files.isRegularFile(f) && !name.startsWith(".")
                                && (name.endsWith(".crl") || name.endsWith(".pem") || name.endsWith(".der"));
                    }).sorted().forEach(out::add);
                }
            }
            out.addAll(files);
            return out;
        }

        boolean changed() {
            try {
                return !FileStamp.of(directories, files).equals(seen);
            } catch (IOException e) {
                return false;
            }
        }
    }

    private X509CRL fetch(URI uri) throws CrlUnavailableException {
        X509CRL cached = cache.get(uri);
        if (cached != null && (cached.getNextUpdate() == null
                || cached.getNextUpdate().toInstant().isAfter(clock.instant()))) {
            return cached;
        }
        try {
            byte[] bytes = download(uri);
            X509CRL crl = Certificates.parseCrls(bytes, uri.toString()).getFirst();
            cache.put(uri, crl);
            return crl;
        } catch (IOException e) {
            throw new CrlUnavailableException("cannot fetch the CRL at " + uri + ": " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrlUnavailableException("interrupted while fetching the CRL at " + uri, e);
        }
    }

    /** What went wrong, in words: the innermost known cause, never an exception's null message. */
    static String cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            switch (t) {
                case UnknownHostException u -> {
                    return "unknown host" + (message == null ? "" : " " + message.replaceFirst(":.*", ""));
                }
                case ConnectException c -> {
                    return "connection refused";
                }
                case HttpConnectTimeoutException c -> {
                    return "connection timed out after " + FETCH_TIMEOUT.toSeconds() + " s";
                }
                case HttpTimeoutException h -> {
                    return "no answer within " + FETCH_TIMEOUT.toSeconds() + " s";
                }
                case NoSuchFileException n -> {
                    return "no such file " + n.getFile();
                }
                case AccessDeniedException a -> {
                    return "permission denied on " + a.getFile();
                }
                default -> {
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static byte[] download(URI uri) throws IOException, InterruptedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                Path path = Path.of(uri);
                if (Files.size(path) > MAX_CRL_BYTES) {
                    throw new IOException("CRL larger than " + MAX_CRL_BYTES + " bytes");
                }
                return Files.readAllBytes(path);
            }
            case "http" -> {
                return Http.fetch(HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(), FETCH_TIMEOUT,
                        HttpClient.Redirect.NORMAL, MAX_CRL_BYTES, "CRL");
            }
            default -> throw new IOException("unsupported scheme (only http and file)");
        }
    }

    /** The URIs of the certificate's CRL distribution points extension. */
    static List<URI> distributionPoints(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        List<URI> uris = new ArrayList<>();
        if (ext == null) {
            return uris;
        }
        CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets());
        for (DistributionPoint point : points.getDistributionPoints()) {
            DistributionPointName name = point.getDistributionPoint();
            if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                continue;
            }
            for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    try {
                        uris.add(URI.create(general.getName().toString()));
                    } catch (IllegalArgumentException ignored) {
                        // a malformed URI is no distribution point; another one may still serve
                    }
                }
            }
        }
        return uris;
    }
}
