package org.villhop.trust;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One HTTP exchange for revocation data (a CRL, an OCSP answer): status 200 and a bounded body, else an error. */
final class Http {

    private Http() {
    }

    /** The body of the answer to {@code request}; {@code what} names it in errors ("CRL larger than ..."). */
    static byte[] fetch(HttpRequest request, Duration connectTimeout, HttpClient.Redirect redirects, int maxBytes,
                        String what) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(redirects)
                .build()) {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP status " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new IOException(what + " larger than " + maxBytes + " bytes");
                }
                return bytes;
            }
        }
    }
}
