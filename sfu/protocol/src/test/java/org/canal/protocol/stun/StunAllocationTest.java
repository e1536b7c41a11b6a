package org.canal.protocol.stun;

import static org.assertj.core.api.Assertions.assertThat;

import org.canal.protocol.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * The ICE connectivity-check path allocates nothing per message: wrap, USERNAME, MESSAGE-INTEGRITY
 * and FINGERPRINT checks of a binding request, on accepted and refused input, and building the
 * signed success response.
 */
class StunAllocationTest {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 100_000;

    private final StunMessage message = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunIntegrityChecker key = StunIntegrityChecker.shortTerm(StunTestVectors.ICE_PASSWORD);
    private final StunTransportAddress source = new StunTransportAddress();
    private final byte[] ufrag = StunTestVectors.utf8(StunTestVectors.ICE_LOCAL_UFRAG);
    private final byte[] txId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private final byte[] out = new byte[1500];
    private long sink;

    /** What a receiver does with a binding request; a nonzero count says how far it got. */
    private int check(byte[] request, int len) {
        if (message.wrap(request, 0, len) != null) {
            return 1;
        }
        if (message.checkFingerprint() != null) {
            return 2;
        }
        if (!message.isBinding() || !message.usernameBeforeColonEquals(ufrag, 0, ufrag.length)) {
            return 3;
        }
        if (key.check(message) != null) {
            return 4;
        }
        sink += message.priority() + message.iceControllingTieBreaker() + (message.hasUseCandidate() ? 1 : 0);
        return 0;
    }

    @Test
    void acceptedBindingRequestAllocatesNothing() throws Exception {
        byte[] request = StunTestVectors.chromiumLikeRequest();
        assertThat(check(request, request.length)).isZero();
        assertThat(AllocationMeter.bytesPerRun(() -> sink += check(request, request.length), WARMUP, MEASURED))
                .isLessThan(1.0);
    }

    @Test
    void refusedInputAllocatesNothing() throws Exception {
        byte[] request = StunTestVectors.chromiumLikeRequest();
        byte[] badCookie = request.clone();
        badCookie[5] ^= 1;
        byte[] flipped = request.clone();
        flipped[30] ^= 1; // in USERNAME's second fragment: framing holds, FINGERPRINT does not
        byte[] foreign = StunTestVectors.RFC5769_REQUEST; // another agent's username and password
        assertThat(check(request, request.length - 4)).isEqualTo(1);
        assertThat(check(badCookie, badCookie.length)).isEqualTo(1);
        assertThat(check(flipped, flipped.length)).isEqualTo(2);
        assertThat(check(foreign, foreign.length)).isEqualTo(3);
        // The integrity check itself, refusing: the RFC 5769 request under the ICE password.
        message.wrap(foreign, 0, foreign.length);
        assertThat(key.check(message)).isEqualTo(StunMalformation.INTEGRITY_MISMATCH);

        assertThat(AllocationMeter.bytesPerRun(() -> {
            sink += check(request, request.length - 4);
            sink += check(badCookie, badCookie.length);
            sink += check(flipped, flipped.length);
            message.wrap(foreign, 0, foreign.length);
            sink += key.check(message).ordinal();
        }, WARMUP, MEASURED)).isLessThan(1.0);
    }

    @Test
    void buildingASuccessResponseAllocatesNothing() throws Exception {
        byte[] request = StunTestVectors.chromiumLikeRequest();
        message.wrap(request, 0, request.length);
        source.set(new byte[] {(byte) 192, 0, 2, 1}, 0, 4, 32853);
        assertThat(respond()).isEqualTo(20 + 12 + 24 + 8);
        assertThat(AllocationMeter.bytesPerRun(() -> sink += respond(), WARMUP, MEASURED)).isLessThan(1.0);
    }

    private int respond() {
        message.copyTransactionId(txId, 0);
        return writer.start(out, 0, out.length, StunMessageClass.SUCCESS_RESPONSE, StunMessage.METHOD_BINDING, txId, 0)
                .xorMappedAddress(source)
                .messageIntegrity(key)
                .fingerprint()
                .finish();
    }
}
