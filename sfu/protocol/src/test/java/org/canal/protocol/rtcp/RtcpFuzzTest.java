package org.canal.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.testing.MutationFuzzer;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing seeded with the realistic packets of {@link RtcpVectors}: the compound reader,
 * then every packet found inside parsed by the view of its kind, the fingerprint listing each
 * parsed field (and each inner refusal).
 */
class RtcpFuzzTest {
    private static final int RUNS = 20_000;

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(RtcpVectors.all());
        byte[] sdes = new byte[64];
        int n = new SdesWriter().start(sdes, 0).chunk(1).item(SdesPacket.ITEM_CNAME, "abc")
                .item(SdesPacket.ITEM_TOOL, "canal").chunk(2).finish();
        seeds.add(java.util.Arrays.copyOf(sdes, n));
        return seeds;
    }

    @Test
    void fuzzesTheCompoundReaderAndEveryPacketInside() {
        RtcpFingerprint fingerprint = new RtcpFingerprint();
        int[] innerRefusals = new int[1];
        MutationFuzzer fuzzer = MutationFuzzer.named("rtcp-compound").seeds(seeds()).runs(RUNS).randomSeed(3550)
                .run((buf, off, len) -> {
                    String outcome = fingerprint.describe(buf, off, len);
                    if (outcome.startsWith("refused:")) {
                        throw new MalformedInputException(fingerprint.reader.malformation());
                    }
                    if (outcome.contains(": refused ")) {
                        innerRefusals[0]++;
                    }
                    return outcome;
                });
        assertShares("compound", fuzzer);
        assertThat(innerRefusals[0]).as("compounds accepted with a refused packet inside").isGreaterThan(RUNS / 100);
    }

    @Test
    void fuzzesEachViewWrappingAPacketDirectly() {
        RtcpFingerprint fingerprint = new RtcpFingerprint();
        MutationFuzzer fuzzer = MutationFuzzer.named("rtcp-views").seeds(seeds()).runs(RUNS).randomSeed(4585)
                .run((buf, off, len) -> {
                    String outcome = fingerprint.describeAlone(buf, off, len);
                    if (outcome.startsWith("refused:")) {
                        throw new MalformedInputException(fingerprint.raw.malformation());
                    }
                    return outcome;
                });
        assertShares("views", fuzzer);
    }

    private static void assertShares(String name, MutationFuzzer fuzzer) {
        int total = fuzzer.acceptedCount() + fuzzer.refusedCount();
        System.out.printf("rtcp fuzz %s: accepted %d, refused %d%n", name, fuzzer.acceptedCount(), fuzzer.refusedCount());
        assertThat(fuzzer.acceptedCount()).as("accepted").isGreaterThan(total / 10);
        assertThat(fuzzer.refusedCount()).as("refused").isGreaterThan(total / 10);
    }
}
