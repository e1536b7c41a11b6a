package org.canal.benchmarks;

import java.util.concurrent.TimeUnit;
import org.canal.protocol.BigEndian;
import org.canal.protocol.rtp.RtpPacketWriter;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP on 1,200-byte RTP packets, per profile: protect alone, and protect followed by unprotect on
 * the receiving context (the unprotect cost is the difference; a packet must be fresh to pass the
 * replay window, so it cannot be unprotected alone in a loop). {@link JceBaselineBenchmark} shows
 * what the JDK's ciphers cost and allocate by themselves, in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SrtpBenchmark {
    private static final int SEQ_OFFSET = 2;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public SrtpProfile profile;

    private final byte[] buf = new byte[RtpBenchmark.PACKET_SIZE + 64];
    private int plainLength;
    private int seq;
    private SrtpContext sender;
    private SrtpContext receiver;

    @Setup
    public void createContexts() {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (i * 13 + 5);
        }
        sender = SrtpContext.create(profile, key, salt);
        receiver = SrtpContext.create(profile, key, salt);
        plainLength = new RtpPacketWriter().start(buf, 0)
                .payloadType(96).sequenceNumber(0).timestamp(90_000).ssrc(0x1234_5678L)
                .payload(new byte[RtpBenchmark.PACKET_SIZE - 12]).finish();
    }

    @Benchmark
    public int protect() {
        BigEndian.put16(buf, SEQ_OFFSET, ++seq);
        return sender.protectRtp(buf, 0, plainLength);
    }

    @Benchmark
    public int protectThenUnprotect() {
        BigEndian.put16(buf, SEQ_OFFSET, ++seq);
        int protectedLength = sender.protectRtp(buf, 0, plainLength);
        return receiver.unprotectRtp(buf, 0, protectedLength);
    }
}
