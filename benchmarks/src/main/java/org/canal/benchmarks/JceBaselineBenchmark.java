package org.canal.benchmarks;

import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.canal.protocol.BigEndian;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JDK's ciphers alone, used the plain JCE way on the same 1,200-byte packets as
 * {@link SrtpBenchmark}: what they cost and allocate by themselves, so Canal's SRTP figures can be
 * read as ratios to them, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JceBaselineBenchmark {
    private static final int HEADER = 12;

    @Param({"128", "256"})
    public int keyBits;

    private final byte[] buf = new byte[RtpBenchmark.PACKET_SIZE + 64];
    private final byte[] gcmIv = new byte[12];
    private final byte[] ctrIv = new byte[16];
    private final byte[] tag = new byte[20];
    private final byte[] roc = new byte[4];
    private Cipher gcm;
    private Cipher ctr;
    private Mac hmac;
    private SecretKeySpec key;
    private int seq;

    @Setup
    public void createCiphers() throws Exception {
        key = new SecretKeySpec(new byte[keyBits / 8], "AES");
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
    }

    /** AES-GCM as SRTP uses it per packet: a new IV, the 12-byte header as AAD, the payload sealed. */
    @Benchmark
    public int gcmEncrypt() throws Exception {
        BigEndian.put16(gcmIv, 10, ++seq);
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, gcmIv));
        gcm.updateAAD(buf, 0, HEADER);
        return gcm.doFinal(buf, HEADER, RtpBenchmark.PACKET_SIZE - HEADER, buf, HEADER);
    }

    /** AES-CTR and HmacSHA1 as AES_CM_*_HMAC_SHA1_80 uses them per packet. */
    @Benchmark
    public int ctrEncryptAndHmac() throws Exception {
        BigEndian.put16(ctrIv, 12, ++seq);
        ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(ctrIv));
        int n = ctr.doFinal(buf, HEADER, RtpBenchmark.PACKET_SIZE - HEADER, buf, HEADER);
        hmac.update(buf, 0, RtpBenchmark.PACKET_SIZE);
        hmac.update(roc, 0, 4);
        hmac.doFinal(tag, 0);
        return n;
    }
}
