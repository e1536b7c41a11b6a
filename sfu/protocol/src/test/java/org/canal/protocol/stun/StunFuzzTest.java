package org.canal.protocol.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.testing.MutationFuzzer;
import org.junit.jupiter.api.Test;

/**
 * Mutations of the RFC 5769 vectors and of Chromium-like ICE messages through {@link StunMessage#wrap},
 * every typed accessor, MESSAGE-INTEGRITY under each seed's key, FINGERPRINT, and a rebuild of the
 * accepted message with {@link StunMessageWriter}.
 */
class StunFuzzTest {
    private static final int RUNS = 20_000;

    private final StunMessage message = new StunMessage();
    private final StunMessage rebuilt = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunTransportAddress address = new StunTransportAddress();
    private final StunIntegrityChecker rfcKey = StunIntegrityChecker.shortTerm(StunTestVectors.RFC5769_PASSWORD);
    private final StunIntegrityChecker iceKey = StunIntegrityChecker.shortTerm(StunTestVectors.ICE_PASSWORD);
    private final StunIntegrityChecker longTermKey = StunIntegrityChecker.longTerm(
            StunTestVectors.RFC5769_LONG_TERM_USERNAME, StunTestVectors.RFC5769_REALM,
            StunTestVectors.RFC5769_LONG_TERM_PASSWORD);
    private final byte[] copy = new byte[70_000];
    private int authentic;
    private int fingerprinted;

    @Test
    void wrapDecodeCheckAndRebuild() {
        MutationFuzzer fuzzer = MutationFuzzer.named("stun")
                .seeds(StunTestVectors.all())
                .randomSeed(0x5700_8489L)
                .runs(RUNS)
                .maxLength(2048)
                .run(this::outcome);

        int total = fuzzer.acceptedCount() + fuzzer.refusedCount();
        assertThat(total).isEqualTo(RUNS + StunTestVectors.all().size());
        assertThat(fuzzer.acceptedCount()).as("accepted").isGreaterThan(total / 20);
        assertThat(fuzzer.refusedCount()).as("refused").isGreaterThan(total / 20);
        // Each placement runs the checks once: at least the unmutated seeds pass them, twice each.
        assertThat(authentic).isGreaterThanOrEqualTo(2 * StunTestVectors.all().size());
        assertThat(fingerprinted).isGreaterThanOrEqualTo(2 * (StunTestVectors.all().size() - 1));
        System.out.printf("stun fuzz: %d accepted, %d refused by wrap; %d integrity and %d fingerprint passes%n",
                fuzzer.acceptedCount(), fuzzer.refusedCount(), authentic / 2, fingerprinted / 2);
    }

    private String outcome(byte[] buf, int off, int len) throws MalformedInputException {
        StunMalformation refused = message.wrap(buf, off, len);
        if (refused != null) {
            throw new MalformedInputException(refused);
        }
        String described = describe(message);

        StunMalformation mi = firstPass(rfcKey.check(message), iceKey.check(message), longTermKey.check(message));
        StunMalformation fp = message.checkFingerprint();
        if (mi == null) {
            authentic++;
        }
        if (fp == null) {
            fingerprinted++;
        }

        // Rebuild attribute by attribute: the same message must come out, apart from padding bytes.
        byte[] txId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        message.copyTransactionId(txId, 0);
        writer.start(copy, 0, copy.length, message.messageClass(), message.method(), txId, 0);
        for (int at = message.firstAttribute(); at >= 0; at = message.nextAttribute(at)) {
            writer.attribute(message.attributeType(at), buf, message.attributeValueOffset(at), message.attributeLength(at));
        }
        int n = writer.finish();
        assertThat(n).isEqualTo(len);
        assertThat(rebuilt.wrap(copy, 0, n)).isNull();
        assertThat(describe(rebuilt)).isEqualTo(described);

        return described + " mi=" + mi + " fp=" + fp;
    }

    private static StunMalformation firstPass(StunMalformation... results) {
        for (StunMalformation r : results) {
            if (r == null) {
                return null;
            }
        }
        return results[0];
    }

    private String describe(StunMessage m) {
        byte[] b = m.buffer();
        StringBuilder s = new StringBuilder();
        s.append(m.messageClass()).append('/').append(m.method()).append(" type=").append(m.messageType());
        byte[] txId = new byte[12];
        m.copyTransactionId(txId, 0);
        s.append(" tx=").append(HexFormat.of().formatHex(txId)).append(m.transactionIdEquals(txId, 0));
        s.append(" attrs=");
        for (int at = m.firstAttribute(); at >= 0; at = m.nextAttribute(at)) {
            s.append(Integer.toHexString(m.attributeType(at))).append(':').append(m.attributeLength(at)).append(':')
                    .append(HexFormat.of().formatHex(b, m.attributeValueOffset(at),
                            m.attributeValueOffset(at) + m.attributeLength(at)))
                    .append(',');
        }
        s.append(" prio=").append(m.priority());
        s.append(" ctl=").append(m.hasIceControlling()).append(m.iceControllingTieBreaker());
        s.append(" ctd=").append(m.hasIceControlled()).append(m.iceControlledTieBreaker());
        s.append(" use=").append(m.hasUseCandidate());
        s.append(" xma=").append(m.xorMappedAddress(address)).append(address);
        s.append(" err=").append(m.errorCode()).append('/').append(m.errorReasonLength());
        s.append(" ua=");
        for (int i = 0; i < m.unknownAttributesCount(); i++) {
            s.append(m.unknownAttributesEntry(i)).append(',');
        }
        s.append(" unknown=");
        for (int i = 0; i < m.unknownComprehensionRequiredCount(); i++) {
            s.append(m.unknownComprehensionRequired(i)).append(',');
        }
        byte[] ufrag = StunTestVectors.utf8(StunTestVectors.ICE_LOCAL_UFRAG);
        s.append(" user=").append(m.usernameBeforeColonEquals(ufrag, 0, ufrag.length));
        for (int type : new int[] {StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT,
                StunAttributeType.SOFTWARE, StunAttributeType.REALM, StunAttributeType.NONCE,
                StunAttributeType.MESSAGE_INTEGRITY_SHA256, StunAttributeType.GOOG_NETWORK_INFO}) {
            int at = m.find(type);
            s.append(' ').append(Integer.toHexString(type)).append('@').append(at < 0 ? -1 : at - m.offset());
        }
        return s.toString();
    }
}
