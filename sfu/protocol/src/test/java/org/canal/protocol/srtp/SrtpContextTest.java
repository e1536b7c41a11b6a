package org.canal.protocol.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.canal.protocol.srtp.SrtpTestPackets.context;
import static org.canal.protocol.srtp.SrtpTestPackets.protectRtcp;
import static org.canal.protocol.srtp.SrtpTestPackets.protectRtp;
import static org.canal.protocol.srtp.SrtpTestPackets.rtcp;
import static org.canal.protocol.srtp.SrtpTestPackets.rtp;
import static org.canal.protocol.srtp.SrtpTestPackets.unprotectRtcp;
import static org.canal.protocol.srtp.SrtpTestPackets.unprotectRtp;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Protect/unprotect behaviour of {@link SrtpContext}: RFC 3711 sections 3.3 and 3.4 and their edge cases. */
class SrtpContextTest {
    private static final int SSRC = 0x5501a0b2;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void roundTripsRtpAndRtcpInPlaceAtAnOffsetWithoutTouchingTheRest(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        int seq = 100;
        for (int payload : new int[] {0, 1, 15, 16, 17, 160, 1024, 1025, 1200, 3000}) {
            byte[] rtp = rtp(SSRC, seq++, payload);
            byte[] buf = new byte[7 + rtp.length + profile.srtpTagLength() + 5];
            Arrays.fill(buf, (byte) 0xA5);
            System.arraycopy(rtp, 0, buf, 7, rtp.length);
            int n = sender.protectRtp(buf, 7, rtp.length);
            assertThat(n).isEqualTo(rtp.length + profile.srtpTagLength());
            assertThat(sender.malformation()).isNull();
            if (payload > 0) {
                assertThat(Arrays.copyOfRange(buf, 7 + 20, 7 + rtp.length)).isNotEqualTo(Arrays.copyOfRange(rtp, 20, rtp.length));
            }
            assertThat(receiver.unprotectRtp(buf, 7, n)).isEqualTo(rtp.length);
            assertThat(Arrays.copyOfRange(buf, 7, 7 + rtp.length)).isEqualTo(rtp);
            assertMarkers(buf, 0, 7);
            assertMarkers(buf, 7 + n, buf.length);
        }
        byte[] rtcp = rtcp(SSRC);
        byte[] buf = Arrays.copyOf(rtcp, rtcp.length + profile.srtcpOverhead());
        int n = sender.protectRtcp(buf, 0, rtcp.length);
        assertThat(n).isEqualTo(rtcp.length + profile.srtcpOverhead());
        assertThat(receiver.unprotectRtcp(buf, 0, n)).isEqualTo(rtcp.length);
        assertThat(Arrays.copyOf(buf, rtcp.length)).isEqualTo(rtcp);
    }

    private static void assertMarkers(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(buf[i]).as("byte %d outside the packet", i).isEqualTo((byte) 0xA5);
        }
    }

    @Test
    void shortTagProfileKeepsTheEightyBitTagOnSrtcp() {
        // RFC 5764 section 4.1.2: SRTP_AES128_CM_HMAC_SHA1_32 has a 32-bit SRTP tag, an 80-bit SRTCP tag.
        SrtpContext sender = context(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
        assertThat(protectRtp(sender, rtp(SSRC, 1, 100))).hasSize(20 + 100 + 4);
        assertThat(protectRtcp(sender, rtcp(SSRC))).hasSize(32 + 4 + 10);
    }

    @Test
    void estimatesTheIndexAsRfc3711AppendixA() {
        assertThat(SrtpContext.estimateIndex(-1, 5)).as("first packet: ROC 0").isEqualTo(5);
        assertThat(SrtpContext.estimateIndex(65535, 0)).as("wrap forward").isEqualTo(0x1_0000);
        assertThat(SrtpContext.estimateIndex(0x1_0002, 65534)).as("late packet from before the wrap").isEqualTo(65534);
        assertThat(SrtpContext.estimateIndex(0x1_7FFE, 0xFFFF)).as("s_l < 2^15, SEQ - s_l > 2^15: ROC - 1").isEqualTo(0xFFFF);
        assertThat(SrtpContext.estimateIndex(0x1_7FFF, 0xFFFF)).as("SEQ - s_l = 2^15 exactly: same ROC").isEqualTo(0x1_FFFF);
        assertThat(SrtpContext.estimateIndex(0x1_8001, 0)).as("s_l >= 2^15, s_l - 2^15 > SEQ: ROC + 1").isEqualTo(0x2_0000);
        assertThat(SrtpContext.estimateIndex(0x1_8001, 1)).as("s_l - 2^15 = SEQ: same ROC").isEqualTo(0x1_0001);
        assertThat(SrtpContext.estimateIndex(3, 65533)).as("before ROC 0").isEqualTo(-1);
        assertThat(SrtpContext.estimateIndex(0xFFFF_FFFF_FFF0L, 2)).as("ROC past 2^32 - 1").isEqualTo(-2);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void followsTheRolloverCounterAcrossTheSequenceWrap(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        for (int i = 0; i < 12; i++) {
            int seq = (65530 + i) & 0xFFFF;
            byte[] rtp = rtp(SSRC, seq, 50);
            assertThat(unprotectRtp(receiver, protectRtp(sender, rtp), rtp)).as("seq %d", seq).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void acceptsReorderingAroundTheWrapAndRefusesItsDuplicates(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        int[] sent = {65533, 65534, 65535, 0, 1, 2};
        byte[][] rtp = new byte[sent.length][];
        byte[][] srtp = new byte[sent.length][];
        for (int i = 0; i < sent.length; i++) {
            rtp[i] = rtp(SSRC, sent[i], 40);
            srtp[i] = protectRtp(sender, rtp[i]);
        }
        // Arrival order 65533, 0, 65535, 2, 65534, 1: ROC 1 packets before ROC 0 ones. A wrong ROC fails authentication.
        for (int i : new int[] {0, 3, 2, 5, 1, 4}) {
            assertThat(unprotectRtp(receiver, srtp[i], rtp[i])).as("seq %d", sent[i]).isEqualTo("ok");
        }
        for (int i = 0; i < sent.length; i++) {
            assertThat(unprotectRtp(receiver, srtp[i], rtp[i])).as("replayed seq %d", sent[i]).isEqualTo("REPLAYED");
        }
    }

    @Test
    void replayWindowAcceptsLateNewPacketsAndRefusesDuplicatesAndTheTooOld() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        byte[][] srtp = new byte[1200][];
        for (int seq = 0; seq < srtp.length; seq++) {
            srtp[seq] = protectRtp(sender, rtp(SSRC, seq, 10));
        }
        assertThat(unprotectRtp(receiver, srtp[1100], rtp(SSRC, 1100, 10))).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, srtp[1100], rtp(SSRC, 1100, 10))).as("duplicate").isEqualTo("REPLAYED");
        assertThat(unprotectRtp(receiver, srtp[1099], rtp(SSRC, 1099, 10))).as("late, in the window").isEqualTo("ok");
        int oldest = 1100 - SrtpStreamTable.RTP_WINDOW + 1;
        assertThat(unprotectRtp(receiver, srtp[oldest], rtp(SSRC, oldest, 10))).as("window's oldest index").isEqualTo("ok");
        assertThat(unprotectRtp(receiver, srtp[oldest - 1], rtp(SSRC, oldest - 1, 10))).as("behind the window").isEqualTo("TOO_OLD");
        assertThat(unprotectRtp(receiver, srtp[1150], rtp(SSRC, 1150, 10))).isEqualTo("ok");
        // Indices skipped by the jump from 1100 to 1150 were not received: they are accepted once.
        assertThat(unprotectRtp(receiver, srtp[1120], rtp(SSRC, 1120, 10))).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, srtp[1120], rtp(SSRC, 1120, 10))).isEqualTo("REPLAYED");
        // A jump further than the window clears it all.
        assertThat(unprotectRtp(receiver, srtp[1150], rtp(SSRC, 1150, 10))).isEqualTo("REPLAYED");
    }

    @Test
    void windowBitsAreClearedWhenTheWindowMovesPastThem() {
        SrtpContext sender = context(SrtpProfile.AEAD_AES_128_GCM);
        SrtpContext receiver = context(SrtpProfile.AEAD_AES_128_GCM);
        byte[][] srtp = new byte[2100][];
        for (int seq = 0; seq < srtp.length; seq++) {
            srtp[seq] = protectRtp(sender, rtp(SSRC, seq, 1));
        }
        assertThat(unprotectRtp(receiver, srtp[5], rtp(SSRC, 5, 1))).isEqualTo("ok");
        // 5 + 1024 shares 5's bit; it must not look replayed once the window moved over it.
        assertThat(unprotectRtp(receiver, srtp[1000], rtp(SSRC, 1000, 1))).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, srtp[5 + 1024], rtp(SSRC, 5 + 1024, 1))).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, srtp[2090], rtp(SSRC, 2090, 1))).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, srtp[5 + 2048], rtp(SSRC, 5 + 2048, 1))).isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void refusesWrongKeyFlippedBitsAndTruncatedTagsWithoutChangingState(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        byte[] rtp = rtp(SSRC, 7, 100);
        byte[] srtp = protectRtp(sender, rtp);

        byte[] otherKey = SrtpTestPackets.masterKey(profile);
        otherKey[0] ^= 1;
        SrtpContext wrong = SrtpContext.create(profile, otherKey, SrtpTestPackets.masterSalt(profile));
        assertThat(unprotectRtp(wrong, srtp, rtp)).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(wrong.malformation()).isEqualTo(SrtpMalformation.AUTHENTICATION_FAILED);
        assertThat(wrong.streamCount()).as("a forged packet claims no SSRC").isZero();

        SrtpContext receiver = context(profile);
        for (int at : new int[] {1, 2, 5, 13, 20, 21, 60, srtp.length - 1}) {
            byte[] flipped = srtp.clone();
            flipped[at] ^= 0x10;
            byte[] buf = flipped.clone();
            assertThat(receiver.unprotectRtp(buf, 0, buf.length)).as("flipped byte %d", at)
                    .isEqualTo(SrtpMalformation.AUTHENTICATION_FAILED.asResult());
            if (!profile.isAead()) {
                assertThat(buf).as("nothing decrypted before authentication").isEqualTo(flipped);
            }
        }
        for (int cut = 1; cut <= profile.srtpTagLength(); cut++) {
            byte[] truncated = Arrays.copyOf(srtp, srtp.length - cut);
            assertThat(unprotectRtp(receiver, truncated, rtp)).as("cut %d", cut).isEqualTo("AUTHENTICATION_FAILED");
        }
        assertThat(receiver.streamCount()).isZero();
        // None of that moved the ROC or window: the genuine packet still goes through, once.
        assertThat(unprotectRtp(receiver, srtp, rtp)).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, srtp, rtp)).isEqualTo("REPLAYED");

        byte[] rtcp = rtcp(SSRC);
        byte[] srtcp = protectRtcp(sender, rtcp);
        assertThat(unprotectRtcp(wrong, srtcp, rtcp)).isEqualTo("AUTHENTICATION_FAILED");
        byte[] flipped = srtcp.clone();
        flipped[12] ^= 1;
        assertThat(unprotectRtcp(receiver, flipped, rtcp)).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(unprotectRtcp(receiver, Arrays.copyOf(srtcp, srtcp.length - 1), rtcp)).isNotEqualTo("ok");
        assertThat(unprotectRtcp(receiver, srtcp, rtcp)).isEqualTo("ok");
    }

    @Test
    void aForgedPacketFarAheadDoesNotMoveTheRolloverCounter() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        assertThat(unprotectRtp(receiver, protectRtp(sender, rtp(SSRC, 100, 10)), rtp(SSRC, 100, 10))).isEqualTo("ok");
        byte[] forged = protectRtp(context(profile), rtp(SSRC, 30000, 10));
        forged[forged.length - 1] ^= 1;
        assertThat(unprotectRtp(receiver, forged, null)).isEqualTo("AUTHENTICATION_FAILED");
        // Had the forgery moved the highest index to 30000, 101 would now lie behind the window.
        assertThat(unprotectRtp(receiver, protectRtp(sender, rtp(SSRC, 101, 10)), rtp(SSRC, 101, 10))).isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void refusesWhenTheTailroomIsShortAndLeavesThePacketAlone(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        byte[] rtp = rtp(SSRC, 1, 30);
        byte[] buf = Arrays.copyOf(rtp, rtp.length + profile.srtpTagLength() - 1);
        assertThat(sender.protectRtp(buf, 0, rtp.length)).isEqualTo(SrtpMalformation.NO_TAILROOM.asResult());
        assertThat(sender.malformation()).isEqualTo(SrtpMalformation.NO_TAILROOM);
        assertThat(Arrays.copyOf(buf, rtp.length)).isEqualTo(rtp);

        byte[] rtcp = rtcp(SSRC);
        byte[] rbuf = Arrays.copyOf(rtcp, rtcp.length + profile.srtcpOverhead() - 1);
        assertThat(sender.protectRtcp(rbuf, 0, rtcp.length)).isEqualTo(SrtpMalformation.NO_TAILROOM.asResult());
        assertThat(Arrays.copyOf(rbuf, rtcp.length)).isEqualTo(rtcp);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void keepsRolloverCountersPerSsrc(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        int[] ssrcs = {0x11111111, 0x22222222, SSRC, 0};
        int[] start = {65000, 10, 65530, 0};
        for (int i = 0; i < 600; i++) {
            int s = i % ssrcs.length;
            int seq = (start[s] + i / ssrcs.length) & 0xFFFF;
            byte[] rtp = rtp(ssrcs[s], seq, 20);
            assertThat(unprotectRtp(receiver, protectRtp(sender, rtp), rtp)).isEqualTo("ok");
            byte[] rtcp = rtcp(ssrcs[s]);
            assertThat(unprotectRtcp(receiver, protectRtcp(sender, rtcp), rtcp)).isEqualTo("ok");
        }
        assertThat(receiver.streamCount()).isEqualTo(4);
        assertThat(sender.streamCount()).isEqualTo(4);
    }

    @Test
    void refusesNewSsrcsPastTheBound() {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        byte[] key = SrtpTestPackets.masterKey(profile);
        byte[] salt = SrtpTestPackets.masterSalt(profile);
        SrtpContext sender = SrtpContext.create(profile, key, salt, 2);
        SrtpContext receiver = SrtpContext.create(profile, key, salt, 2);
        SrtpContext third = context(profile);
        byte[] a = protectRtp(sender, rtp(1, 1, 10));
        byte[] b = protectRtp(sender, rtp(2, 1, 10));
        byte[] c = protectRtp(third, rtp(3, 1, 10));
        assertThat(sender.protectRtp(Arrays.copyOf(rtp(3, 1, 10), 60), 0, 32)).isEqualTo(SrtpMalformation.TOO_MANY_STREAMS.asResult());
        assertThat(unprotectRtp(receiver, a, rtp(1, 1, 10))).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, b, rtp(2, 1, 10))).isEqualTo("ok");
        assertThat(unprotectRtp(receiver, c, rtp(3, 1, 10))).isEqualTo("TOO_MANY_STREAMS");
        assertThat(unprotectRtcp(receiver, protectRtcp(third, rtcp(3)), rtcp(3))).isEqualTo("TOO_MANY_STREAMS");
        assertThat(unprotectRtcp(receiver, protectRtcp(sender, rtcp(1)), rtcp(1))).isEqualTo("ok");
        assertThat(receiver.streamCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpHasItsOwnIndexAndReplayWindow(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        byte[] rtcp = rtcp(SSRC);
        byte[][] srtcp = new byte[200][];
        for (int i = 0; i < srtcp.length; i++) {
            srtcp[i] = protectRtcp(sender, rtcp);
            int word = (int) org.canal.protocol.BigEndian.u32(srtcp[i], sender.profile().isAead()
                    ? srtcp[i].length - 4 : srtcp[i].length - 4 - profile.srtcpTagLength());
            assertThat(word).as("E flag and SRTCP index").isEqualTo(0x8000_0000 | i);
        }
        assertThat(unprotectRtcp(receiver, srtcp[150], rtcp)).isEqualTo("ok");
        assertThat(unprotectRtcp(receiver, srtcp[150], rtcp)).isEqualTo("REPLAYED");
        assertThat(unprotectRtcp(receiver, srtcp[149], rtcp)).isEqualTo("ok");
        assertThat(unprotectRtcp(receiver, srtcp[150 - 127], rtcp)).isEqualTo("ok");
        assertThat(unprotectRtcp(receiver, srtcp[150 - 128], rtcp)).isEqualTo("TOO_OLD");
        assertThat(unprotectRtcp(receiver, srtcp[199], rtcp)).isEqualTo("ok");
        // SRTP state is separate: an RTP packet of the same SSRC still starts fresh.
        assertThat(unprotectRtp(receiver, protectRtp(sender, rtp(SSRC, 3, 5)), rtp(SSRC, 3, 5))).isEqualTo("ok");
    }

    @Test
    void refusesSrtcpIndexExhaustion() {
        SrtpContext sender = context(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        sender.nextSrtcpIndex(SSRC, 0x7FFF_FFFF);
        protectRtcp(sender, rtcp(SSRC));
        byte[] buf = Arrays.copyOf(rtcp(SSRC), 60);
        assertThat(sender.protectRtcp(buf, 0, 32)).isEqualTo(SrtpMalformation.KEY_EXHAUSTED.asResult());
    }

    @Test
    void refusesMalformedHeadersAndRanges() {
        SrtpContext c = context(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] good = protectRtp(context(SrtpProfile.AES_CM_128_HMAC_SHA1_80), rtp(SSRC, 1, 10));
        assertThat(refusal(c, good, 0, 21)).isEqualTo(SrtpMalformation.TOO_SHORT);
        byte[] v1 = good.clone();
        v1[0] = (byte) 0x50;
        assertThat(refusal(c, v1, 0, v1.length)).isEqualTo(SrtpMalformation.NOT_VERSION_2);
        byte[] csrcs = good.clone();
        csrcs[0] = (byte) 0x8F; // 15 CSRCs: 72 header bytes in a 40-byte packet
        assertThat(refusal(c, csrcs, 0, csrcs.length)).isEqualTo(SrtpMalformation.HEADER_OVERRUN);
        byte[] extension = good.clone();
        extension[14] = 0x01; // extension length 0x0101 words
        assertThat(refusal(c, extension, 0, extension.length)).isEqualTo(SrtpMalformation.HEADER_OVERRUN);
        assertThat(refusal(c, good, -1, 10)).isEqualTo(SrtpMalformation.INVALID_RANGE);
        assertThat(refusal(c, good, 5, good.length)).isEqualTo(SrtpMalformation.INVALID_RANGE);
        assertThat(refusal(c, null, 0, 0)).isEqualTo(SrtpMalformation.INVALID_RANGE);
        assertThat(refusal(c, new byte[70_000], 0, 70_000)).isEqualTo(SrtpMalformation.TOO_LONG);
        assertThat(SrtpMalformation.ofResult(c.unprotectRtcp(new byte[20], 0, 20))).isEqualTo(SrtpMalformation.TOO_SHORT);
        byte[] rtcpV0 = protectRtcp(context(SrtpProfile.AES_CM_128_HMAC_SHA1_80), rtcp(SSRC));
        rtcpV0[0] = 0x01;
        assertThat(SrtpMalformation.ofResult(c.unprotectRtcp(rtcpV0, 0, rtcpV0.length))).isEqualTo(SrtpMalformation.NOT_VERSION_2);
        assertThat(SrtpMalformation.ofResult(c.protectRtp(new byte[30], 0, 11))).isEqualTo(SrtpMalformation.TOO_SHORT);
        assertThat(c.malformation()).isEqualTo(SrtpMalformation.TOO_SHORT);
        assertThat(c.streamCount()).isZero();
        for (SrtpMalformation m : SrtpMalformation.values()) {
            assertThat(SrtpMalformation.ofResult(m.asResult())).isEqualTo(m);
            assertThat(m.explanation()).endsWith(".");
        }
        assertThat(SrtpMalformation.ofResult(0)).isNull();
    }

    private static SrtpMalformation refusal(SrtpContext c, byte[] buf, int off, int len) {
        int n = c.unprotectRtp(buf, off, len);
        assertThat(n).isNegative();
        assertThat(c.malformation()).isEqualTo(SrtpMalformation.ofResult(n));
        return SrtpMalformation.ofResult(n);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingTheSamePacketTwiceGivesTheSameBytes(SrtpProfile profile) {
        // A NACK retransmission without RTX re-protects the same SSRC, ROC and SEQ (JCE GCM refuses a repeated IV by itself).
        SrtpContext sender = context(profile);
        byte[] rtp = rtp(SSRC, 9, 100);
        assertThat(protectRtp(sender, rtp)).isEqualTo(protectRtp(sender, rtp));
    }

    @Test
    void looksUpProfilesByTheirDtlsSrtpIds() {
        assertThat(SrtpProfile.ofProtectionProfileId(0x0001)).contains(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(SrtpProfile.ofProtectionProfileId(0x0002)).contains(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
        assertThat(SrtpProfile.ofProtectionProfileId(0x0007)).contains(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.ofProtectionProfileId(0x0008)).contains(SrtpProfile.AEAD_AES_256_GCM);
        assertThat(SrtpProfile.ofProtectionProfileId(0x0005)).isEmpty();
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength()).isEqualTo(88);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void splitsDtlsExportedKeyingMaterialIntoMatchingContexts(SrtpProfile profile) {
        byte[] exported = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < exported.length; i++) {
            exported[i] = (byte) (i + 1);
        }
        SrtpKeyingMaterial material = SrtpKeyingMaterial.of(profile, exported);
        int k = profile.keyLength();
        int s = profile.saltLength();
        // RFC 5764 section 4.2: client key | server key | client salt | server salt.
        assertThat(material.masterKey(true)).isEqualTo(Arrays.copyOfRange(exported, 0, k));
        assertThat(material.masterKey(false)).isEqualTo(Arrays.copyOfRange(exported, k, 2 * k));
        assertThat(material.masterSalt(true)).isEqualTo(Arrays.copyOfRange(exported, 2 * k, 2 * k + s));
        assertThat(material.masterSalt(false)).isEqualTo(Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s));

        SrtpContext browserSends = material.sendingContext(true, 8);
        SrtpContext canalReceives = material.receivingContext(false, 8);
        SrtpContext canalSends = material.sendingContext(false, 8);
        SrtpContext browserReceives = material.receivingContext(true, 8);
        byte[] rtp = rtp(SSRC, 1, 80);
        assertThat(unprotectRtp(canalReceives, protectRtp(browserSends, rtp), rtp)).isEqualTo("ok");
        assertThat(unprotectRtp(browserReceives, protectRtp(canalSends, rtp), rtp)).isEqualTo("ok");
        assertThat(unprotectRtp(context(profile), protectRtp(canalSends, rtp), rtp)).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(unprotectRtp(material.receivingContext(true, 8), protectRtp(material.sendingContext(true, 8), rtp), rtp))
                .as("a side cannot read its own packets").isEqualTo("AUTHENTICATION_FAILED");
        assertThatThrownBy(() -> SrtpKeyingMaterial.of(profile, new byte[exported.length - 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
