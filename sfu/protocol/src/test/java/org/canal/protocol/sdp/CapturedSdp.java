package org.canal.protocol.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The real offers and answers captured from Chromium 156 and Firefox 153 ESR (see resources sdp/README.md). */
final class CapturedSdp {
    static final List<String> FILES = List.of(
            "chromium-offer-simulcast", "chromium-offer-plain", "chromium-offer-data",
            "firefox-offer-simulcast", "firefox-offer-plain",
            "chromium-answer-to-firefox-simulcast", "chromium-answer-to-firefox-plain",
            "firefox-answer-to-chromium-simulcast", "firefox-answer-to-chromium-plain");

    private CapturedSdp() {}

    static byte[] bytes(String name) {
        try (InputStream in = CapturedSdp.class.getResourceAsStream("/sdp/" + name + ".sdp")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static List<byte[]> all() {
        return FILES.stream().map(CapturedSdp::bytes).toList();
    }
}
