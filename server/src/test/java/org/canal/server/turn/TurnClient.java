package org.canal.server.turn;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.stun.StunAttributeType;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.canal.protocol.stun.StunTransportAddress;

/**
 * A minimal TURN client over UDP (RFC 8656) built on the protocol core's STUN reader and writer, as a
 * browser would use a {@code turn:} ICE server: Allocate without credentials, take REALM and NONCE from
 * the 401, retry with the long-term credential (RFC 8489 section 9.2: MESSAGE-INTEGRITY keyed with
 * MD5(username ":" realm ":" password)); then CreatePermission and a Send indication to prove the relay
 * carries data. One thread; blocking; for tests only.
 */
final class TurnClient implements AutoCloseable {
    private static final int METHOD_REFRESH = 0x004;
    private static final int METHOD_SEND = 0x006;
    private static final int METHOD_CREATE_PERMISSION = 0x008;
    /** DATA (RFC 8656 section 18.6): the application bytes of a Send or Data indication. */
    private static final int DATA = 0x0013;
    private static final int UDP = 17;
    private static final int TIMEOUT_MILLIS = 5_000;

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final SecureRandom random = new SecureRandom();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final byte[] out = new byte[1024];
    private String username;
    private byte[] realm;
    private byte[] nonce;
    private StunIntegrityChecker key;

    /** What the server answered an authenticated Allocate: an error code, or the addresses. */
    record Allocation(int errorCode, StunTransportAddress relayed, StunTransportAddress mapped, long lifetime,
            boolean responseAuthentic) {
        boolean succeeded() {
            return errorCode < 0;
        }
    }

    TurnClient(InetSocketAddress server) throws Exception {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        socket.setSoTimeout(TIMEOUT_MILLIS);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** A plain STUN Binding request to {@code to}; returns the XOR-MAPPED-ADDRESS of the answer. */
    StunTransportAddress binding(InetSocketAddress to) throws Exception {
        byte[] id = transactionId();
        int n = writer.start(out, 0, out.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, id, 0)
                .fingerprint().finish();
        StunMessage response = exchange(n, id, to);
        StunTransportAddress mapped = new StunTransportAddress();
        if (response.messageClass() != StunMessageClass.SUCCESS_RESPONSE || !response.xorMappedAddress(mapped)) {
            throw new AssertionError("no mapped address in " + response.messageClass());
        }
        return mapped;
    }

    /**
     * Allocate (RFC 8656 section 7.1): first without credentials, which must be refused with 401 carrying
     * REALM and NONCE (RFC 8489 section 9.2.4); then with them.
     */
    Allocation allocate(String username, String password) throws Exception {
        byte[] id = transactionId();
        int n = writer.start(out, 0, out.length, StunMessageClass.REQUEST, StunMessage.METHOD_ALLOCATE, id, 0)
                .requestedTransport(UDP).fingerprint().finish();
        StunMessage challenge = exchange(n, id, server);
        if (challenge.messageClass() != StunMessageClass.ERROR_RESPONSE || challenge.errorCode() != 401) {
            throw new AssertionError("an Allocate without credentials must get 401, got " + challenge.messageClass()
                    + " " + challenge.errorCode());
        }
        realm = value(challenge, StunAttributeType.REALM);
        nonce = value(challenge, StunAttributeType.NONCE);
        this.username = username;
        key = StunIntegrityChecker.longTerm(username, new String(realm, StandardCharsets.UTF_8), password);

        id = transactionId();
        writer.start(out, 0, out.length, StunMessageClass.REQUEST, StunMessage.METHOD_ALLOCATE, id, 0)
                .requestedTransport(UDP);
        StunMessage response = exchange(authenticated(), id, server);
        if (response.messageClass() == StunMessageClass.ERROR_RESPONSE) {
            return new Allocation(response.errorCode(), null, null, -1, false);
        }
        StunTransportAddress relayed = new StunTransportAddress();
        StunTransportAddress mapped = new StunTransportAddress();
        if (!response.xorAddress(StunAttributeType.XOR_RELAYED_ADDRESS, relayed) || !response.xorMappedAddress(mapped)) {
            throw new AssertionError("an Allocate success response without XOR-RELAYED-ADDRESS or XOR-MAPPED-ADDRESS");
        }
        return new Allocation(-1, relayed, mapped, response.u32Attribute(StunAttributeType.LIFETIME),
                key.check(response) == null);
    }

    /** CreatePermission for {@code peer} (RFC 8656 section 9); returns the error code, or -1 on success. */
    int createPermission(InetSocketAddress peer) throws Exception {
        byte[] id = transactionId();
        writer.start(out, 0, out.length, StunMessageClass.REQUEST, METHOD_CREATE_PERMISSION, id, 0)
                .xorAddress(StunAttributeType.XOR_PEER_ADDRESS, address(peer));
        StunMessage response = exchange(authenticated(), id, server);
        return response.messageClass() == StunMessageClass.SUCCESS_RESPONSE ? -1 : response.errorCode();
    }

    /** A Send indication (RFC 8656 section 10): the server relays {@code data} to {@code peer}. */
    void send(InetSocketAddress peer, byte[] data) throws Exception {
        int n = writer.start(out, 0, out.length, StunMessageClass.INDICATION, METHOD_SEND, transactionId(), 0)
                .xorAddress(StunAttributeType.XOR_PEER_ADDRESS, address(peer)).attribute(DATA, data, 0, data.length)
                .fingerprint().finish();
        socket.send(new DatagramPacket(out, n, server));
    }

    /** Refresh with LIFETIME 0 (RFC 8656 section 7.2): the allocation is released at once. */
    void release() throws Exception {
        byte[] id = transactionId();
        writer.start(out, 0, out.length, StunMessageClass.REQUEST, METHOD_REFRESH, id, 0).lifetime(0);
        exchange(authenticated(), id, server);
    }

    /** Closes the message begun in {@link #writer} with USERNAME, REALM, NONCE, MESSAGE-INTEGRITY, FINGERPRINT. */
    private int authenticated() {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int n = writer.username(user, 0, user.length).attribute(StunAttributeType.REALM, realm, 0, realm.length)
                .attribute(StunAttributeType.NONCE, nonce, 0, nonce.length).messageIntegrity(key).fingerprint().finish();
        if (n < 0) {
            throw new AssertionError("the request did not fit");
        }
        return n;
    }

    private StunMessage exchange(int length, byte[] id, InetSocketAddress to) throws Exception {
        socket.send(new DatagramPacket(out, length, to));
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                break;
            }
            byte[] bytes = Arrays.copyOf(in.getData(), in.getLength());
            StunMessage message = new StunMessage();
            try {
                message.parse(bytes, 0, bytes.length);
            } catch (MalformedInputException notStun) {
                continue;
            }
            if (message.transactionIdEquals(id, 0)) {
                return message;
            }
        }
        throw new AssertionError("no answer from " + to.getPort() + " within " + TIMEOUT_MILLIS + " ms");
    }

    private static byte[] value(StunMessage message, int type) {
        int at = message.find(type);
        if (at < 0) {
            throw new AssertionError("the 401 lacks attribute 0x" + Integer.toHexString(type));
        }
        int v = message.attributeValueOffset(at);
        return Arrays.copyOfRange(message.buffer(), v, v + message.attributeLength(at));
    }

    private static StunTransportAddress address(InetSocketAddress a) {
        StunTransportAddress address = new StunTransportAddress();
        byte[] raw = a.getAddress().getAddress();
        address.set(raw, 0, raw.length, a.getPort());
        return address;
    }

    private byte[] transactionId() {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        return id;
    }

    @Override
    public void close() {
        socket.close();
    }
}
