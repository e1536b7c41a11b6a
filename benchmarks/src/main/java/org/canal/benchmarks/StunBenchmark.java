package org.canal.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.canal.protocol.stun.StunTransportAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An ICE-lite connectivity check as the media engine will handle it: parse a Chromium-like binding
 * request, check FINGERPRINT, the local ufrag in USERNAME and MESSAGE-INTEGRITY (HMAC-SHA1), then
 * build the signed success response.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StunBenchmark {
    private static final byte[] LOCAL_UFRAG = "cAnL".getBytes(StandardCharsets.US_ASCII);

    private final StunIntegrityChecker localPassword = StunIntegrityChecker.shortTerm("bL0rVzSMTbKz5q1pL8cBqXoA");
    private final StunMessage message = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunTransportAddress source = new StunTransportAddress();
    private final byte[] request = new byte[256];
    private final byte[] response = new byte[256];
    private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private int requestLength;

    @Setup
    public void buildRequest() {
        byte[] username = "cAnL:Xb7q".getBytes(StandardCharsets.US_ASCII);
        byte[] tx = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        requestLength = writer.start(request, 0, request.length, StunMessageClass.REQUEST,
                        StunMessage.METHOD_BINDING, tx, 0)
                .username(username, 0, username.length)
                .iceControlling(0x1122_3344_5566_7788L)
                .useCandidate()
                .priority(1_853_824_767L)
                .messageIntegrity(localPassword)
                .fingerprint()
                .finish();
        source.set(new byte[] {127, 0, 0, 1}, 0, 4, 50_000);
        if (check() != 0) {
            throw new IllegalStateException("the benchmark's request does not verify");
        }
    }

    @Benchmark
    public int parseAndCheck() {
        return check();
    }

    @Benchmark
    public int parseCheckAndRespond() {
        if (check() != 0) {
            return -1;
        }
        message.copyTransactionId(transactionId, 0);
        return writer.start(response, 0, response.length, StunMessageClass.SUCCESS_RESPONSE,
                        StunMessage.METHOD_BINDING, transactionId, 0)
                .xorMappedAddress(source)
                .messageIntegrity(localPassword)
                .fingerprint()
                .finish();
    }

    private int check() {
        if (message.wrap(request, 0, requestLength) != null) {
            return 1;
        }
        if (message.checkFingerprint() != null) {
            return 2;
        }
        if (!message.usernameBeforeColonEquals(LOCAL_UFRAG, 0, LOCAL_UFRAG.length)) {
            return 3;
        }
        return localPassword.check(message) == null ? 0 : 4;
    }
}
