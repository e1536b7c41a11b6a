package org.canal.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real browser SDP captured by the protocol core (its test-jar, resources sdp/, see its README.md). */
final class CapturedSdp {
    private CapturedSdp() {}

    static String text(String name) {
        try (InputStream in = CapturedSdp.class.getResourceAsStream("/sdp/" + name + ".sdp")) {
            if (in == null) {
                throw new IllegalStateException("missing captured SDP " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
