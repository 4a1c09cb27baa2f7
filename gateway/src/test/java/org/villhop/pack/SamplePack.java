package org.villhop.pack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.villhop.pack.request.CompletenessRules;
import org.villhop.pack.request.DischargeRequest;
import org.villhop.pack.request.RequestParser;
import org.villhop.pack.request.RequestVerdict;

/** The documented example request (docs/examples) and a fixed clock: the seeded data of the pack tests. */
final class SamplePack {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T15:00:00Z"), ZoneId.of("Europe/Paris"));
    static final Path EXAMPLE = Path.of("../docs/examples/sortie-example.sortie.json");

    private SamplePack() {
    }

    static byte[] exampleJson() {
        try {
            return Files.readAllBytes(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RequestParser parser() {
        return new RequestParser(new CompletenessRules(CLOCK));
    }

    static DischargeRequest request() {
        return request(exampleJson());
    }

    static DischargeRequest request(byte[] json) {
        RequestVerdict verdict = parser().parse(json);
        if (verdict instanceof RequestVerdict.Valid valid) {
            return valid.request();
        }
        throw new AssertionError("sample request refused: " + ((RequestVerdict.Invalid) verdict).problems());
    }

    static DischargePack pack() {
        return new DischargePackBuilder(PackSettings.defaults(), CLOCK).build(request());
    }
}
