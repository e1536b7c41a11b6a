package org.canal.media.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.canal.protocol.stun.StunAttributeType;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunTransportAddress;

/**
 * The node as a plain STUN server on its media port: a Binding request without credentials (what a
 * browser sends to a {@code stun:} ICE server to learn its server-reflexive address, RFC 8489 section 3)
 * is answered with the sender's address in XOR-MAPPED-ADDRESS (section 14.2). An ICE check always
 * carries USERNAME and MESSAGE-INTEGRITY (RFC 8445 section 7.2.2), so a request with either goes to the
 * ICE-lite path instead, whoever sends it.
 *
 * <p>Against reflection: the answer is the request's header, XOR-MAPPED-ADDRESS, and FINGERPRINT only
 * if the request had one (RFC 8489 section 14.7: a client that multiplexes STUN checks it), so it is
 * never longer than the request plus the 12 or 24 bytes of the address; no SOFTWARE, no errors. A
 * request with an unknown comprehension-required attribute is dropped, not answered 420: section 6.3.1
 * has the server answer 420 with UNKNOWN-ATTRIBUTES, but that answer is longer than a small request
 * that provokes it, a browser's request never carries such an attribute, and the client simply times
 * out as with a server that is gone (section 6.2.1). A FINGERPRINT that does not match is dropped too
 * (section 7.3: the message is not STUN).
 *
 * <p>No state per requester; runs on its loop's thread and writes with the loop's STUN writer into the
 * loop's scratch buffer. Allocation: none for IPv4 senders; an IPv6 sender's address is copied out of
 * its {@link InetAddress} (16 bytes), the only way the JDK gives it.
 */
final class StunBindingServer {
    /**
     * {@link Inet4Address#hashCode()} has been the address as an int in every JDK, which reads an IPv4
     * address without the copy {@link InetAddress#getAddress()} makes; unspecified, so checked once here.
     */
    private static final boolean IPV4_HASH_IS_ADDRESS = ipv4HashIsAddress();
    /** Header, XOR-MAPPED-ADDRESS for IPv6 (4 + 20), FINGERPRINT (8). */
    private static final int RESPONSE_CAPACITY = StunMessage.HEADER_LENGTH + 24 + 8;

    private final MediaLoop loop;
    private final StunTransportAddress mapped = new StunTransportAddress();
    private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private final byte[] ipv4 = new byte[StunTransportAddress.IPV4_LENGTH];
    private long answered;

    StunBindingServer(MediaLoop loop) {
        this.loop = loop;
    }

    /** Whether a wrapped Binding request has no credentials at all, so it is no ICE check. */
    static boolean isPlain(StunMessage request) {
        return request.find(StunAttributeType.USERNAME) < 0
                && request.find(StunAttributeType.MESSAGE_INTEGRITY) < 0
                && request.find(StunAttributeType.MESSAGE_INTEGRITY_SHA256) < 0;
    }

    /** Answers a plain Binding request; returns null when answered, else why it was dropped. */
    DropReason answer(StunMessage request, InetSocketAddress from) {
        if (request.unknownComprehensionRequiredCount() > 0) {
            return DropReason.STUN_BINDING_UNKNOWN_ATTRIBUTE;
        }
        boolean fingerprinted = request.find(StunAttributeType.FINGERPRINT) >= 0;
        if (fingerprinted && request.checkFingerprint() != null) {
            return DropReason.STUN_BINDING_BAD_FINGERPRINT;
        }
        InetAddress address = from.getAddress();
        if (address instanceof Inet4Address && IPV4_HASH_IS_ADDRESS) {
            int a = address.hashCode();
            ipv4[0] = (byte) (a >>> 24);
            ipv4[1] = (byte) (a >>> 16);
            ipv4[2] = (byte) (a >>> 8);
            ipv4[3] = (byte) a;
            mapped.set(ipv4, 0, ipv4.length, from.getPort());
        } else {
            byte[] raw = address.getAddress();
            mapped.set(raw, 0, raw.length, from.getPort());
        }
        request.copyTransactionId(transactionId, 0);
        loop.stunWriter.start(loop.scratch, 0, RESPONSE_CAPACITY, StunMessageClass.SUCCESS_RESPONSE,
                StunMessage.METHOD_BINDING, transactionId, 0).xorMappedAddress(mapped);
        if (fingerprinted) {
            loop.stunWriter.fingerprint();
        }
        int n = loop.stunWriter.finish();
        if (n < 0) {
            return DropReason.INTERNAL_ERROR;
        }
        loop.send(loop.scratch, 0, n, from);
        answered++;
        return null;
    }

    /** Binding requests answered so far; read on the loop. */
    long answered() {
        return answered;
    }

    private static boolean ipv4HashIsAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) 201}).hashCode() == 0xC00002C9;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
