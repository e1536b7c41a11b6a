package org.canal.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.testing.MutationFuzzer;
import org.junit.jupiter.api.Test;

/**
 * Mutations of the captured browser SDP (bytes and whole lines): the parser must refuse with a typed
 * reason or accept, never throw anything else, and what it accepts must write back consistently.
 */
class SdpParserFuzzTest {
    private static final int RUNS = 3_000;

    @Test
    void mutatedBrowserSdpIsAcceptedOrRefusedWithAReason() {
        MutationFuzzer fuzzer = MutationFuzzer.named("sdp")
                .seeds(CapturedSdp.all())
                .withLineMutations()
                .maxLength(16 * 1024)
                .runs(RUNS)
                .randomSeed(0x5D9_2026L)
                .run(SdpParserFuzzTest::parseAndWriteBack);
        int total = RUNS + CapturedSdp.FILES.size();
        assertThat(fuzzer.acceptedCount() + fuzzer.refusedCount()).isEqualTo(total);
        assertThat(fuzzer.acceptedCount()).isGreaterThan(total / 10);
        assertThat(fuzzer.refusedCount()).isGreaterThan(total / 10);
    }

    /** The fuzz target: parse, write back, check the round trip, fingerprint the written text. */
    private static String parseAndWriteBack(byte[] buf, int off, int len) throws MalformedInputException {
        SessionDescription sd = SessionDescription.parse(buf, off, len);
        String written = sd.write();
        SessionDescription again = SessionDescription.parse(written);
        if (!again.equals(sd) || !again.write().equals(written)) {
            throw new AssertionError("written text does not parse back to the same description");
        }
        String input = new String(buf, off, len, StandardCharsets.UTF_8);
        boolean crlfOnly = input.endsWith("\r\n") && input.replace("\r\n", "").indexOf('\n') < 0;
        if (crlfOnly && !written.equals(input)) {
            throw new AssertionError("CRLF input did not round trip exactly");
        }
        return sd.media().size() + ":" + sd.bundleMids() + ":" + written.hashCode() + ":" + written.length();
    }
}
