package org.canal.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The allocation-free HMAC-SHA1 against RFC 2202's vectors and against JCE's {@code Mac}. */
class HmacSha1Test {

    /** RFC 2202 section 3, test cases 1, 2 and 6 (the last with a key longer than the block). */
    @Test
    void rfc2202TestCases() {
        assertThat(mac(hex("0b".repeat(20)), utf8("Hi There")))
                .isEqualTo(hex("b617318655057264e28bc0b6fb378c8ef146be00"));
        assertThat(mac(utf8("Jefe"), utf8("what do ya want for nothing?")))
                .isEqualTo(hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
        assertThat(mac(hex("aa".repeat(80)), utf8("Test Using Larger Than Block-Size Key - Hash Key First")))
                .isEqualTo(hex("aa4ae5e15272d00e95705637ce8a3b55ed402112"));
    }

    /** Same output as JCE's HmacSHA1 for keys of 0..100 bytes and messages of 0..300, fed in pieces. */
    @Test
    void agreesWithJceMac() throws Exception {
        SplittableRandom rnd = new SplittableRandom(2104);
        for (int run = 0; run < 300; run++) {
            byte[] key = new byte[rnd.nextInt(101)];
            byte[] message = new byte[rnd.nextInt(301)];
            fill(rnd, key);
            fill(rnd, message);
            Mac jce = Mac.getInstance("HmacSHA1");
            jce.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            if (key.length == 0) {
                continue; // JCE refuses empty keys; HMAC itself defines them, but STUN never uses one
            }
            HmacSha1 ours = new HmacSha1(key, 0, key.length);
            for (int repeat = 0; repeat < 2; repeat++) { // the same instance, reused
                ours.start();
                int cut = rnd.nextInt(message.length + 1);
                ours.update(message, 0, cut);
                ours.update(message, cut, message.length - cut);
                byte[] out = new byte[HmacSha1.LENGTH + 3];
                ours.finish(out, 3);
                assertThat(Arrays.copyOfRange(out, 3, out.length)).isEqualTo(jce.doFinal(message));
            }
        }
    }

    private static byte[] mac(byte[] key, byte[] message) {
        HmacSha1 h = new HmacSha1(key, 0, key.length);
        h.start();
        h.update(message, 0, message.length);
        byte[] out = new byte[HmacSha1.LENGTH];
        h.finish(out, 0);
        return out;
    }

    private static void fill(SplittableRandom rnd, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
