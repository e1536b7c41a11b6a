package org.canal.media.engine;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.canal.media.ice.IceCheckOutcome;
import org.canal.media.ice.IceLiteAgent;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunTransportAddress;

/**
 * The ICE-lite side of one transport on its loop: it answers the browser's checks as its
 * {@link IceLiteAgent} judges them (RFC 8445 section 7.3), and remembers the addresses they validated,
 * each a route from the loop's socket to the transport. The reusable pieces of an answer (the mapped
 * address, the transaction id) live here, so answering allocates nothing. Loop thread only.
 */
final class TransportIce {
    private static final int MAX_ADDRESSES = 8;
    private static final byte[] BAD_REQUEST = "Bad Request".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAUTHORIZED = "Unauthorized".getBytes(StandardCharsets.US_ASCII);
    private static final int STUN_RESPONSE_CAPACITY = 256;

    private final Transport transport;
    private final MediaLoop loop;
    private final IceLiteAgent ice;

    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final StunTransportAddress mapped = new StunTransportAddress();
    private InetSocketAddress mappedFor;
    private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];

    TransportIce(Transport transport) {
        this.transport = transport;
        this.loop = transport.loop;
        this.ice = transport.ice;
    }

    void onBindingRequest(StunMessage request, InetSocketAddress from, long now) {
        if (transport.state == Transport.State.CLOSED) {
            return;
        }
        IceCheckOutcome outcome = ice.onBindingRequest(request, from, now);
        switch (outcome) {
            case ACCEPTED, ACCEPTED_SELECTED -> {
                if (!addresses.contains(from)) {
                    remember(from);
                }
                answerSuccess(request, from);
                if (outcome == IceCheckOutcome.ACCEPTED_SELECTED) {
                    transport.onAddressSelected();
                }
            }
            case REFUSED_MISSING_CREDENTIALS -> {
                transport.drops.count(DropReason.STUN_MISSING_CREDENTIALS);
                answerError(request, from, 400, BAD_REQUEST);
            }
            case REFUSED_WRONG_USERNAME -> {
                transport.drops.count(DropReason.STUN_WRONG_USERNAME);
                answerError(request, from, 401, UNAUTHORIZED);
            }
            case REFUSED_WRONG_INTEGRITY -> {
                transport.drops.count(DropReason.STUN_WRONG_INTEGRITY);
                answerError(request, from, 401, UNAUTHORIZED);
            }
            case DROPPED_NO_FINGERPRINT -> transport.drops.count(DropReason.STUN_NO_FINGERPRINT);
            case DROPPED_BAD_FINGERPRINT -> transport.drops.count(DropReason.STUN_BAD_FINGERPRINT);
        }
    }

    /** A validated address now routes to this transport; the oldest is forgotten beyond a few. */
    private void remember(InetSocketAddress from) {
        if (addresses.size() == MAX_ADDRESSES) {
            // Forget the oldest address that is not the selected one (that one must keep routing here).
            int victim = addresses.get(0).equals(ice.selectedAddress()) ? 1 : 0;
            loop.unroute(addresses.remove(victim), transport);
        }
        addresses.add(from);
        loop.route(from, transport);
    }

    private void answerSuccess(StunMessage request, InetSocketAddress from) {
        if (!from.equals(mappedFor)) {
            byte[] raw = from.getAddress().getAddress(); // allocates only when the address changes
            mapped.set(raw, 0, raw.length, from.getPort());
            mappedFor = from;
        }
        request.copyTransactionId(transactionId, 0);
        int n = loop.stunWriter.start(loop.scratch, 0, STUN_RESPONSE_CAPACITY, StunMessageClass.SUCCESS_RESPONSE,
                StunMessage.METHOD_BINDING, transactionId, 0)
                .xorMappedAddress(mapped).messageIntegrity(ice.integrity()).fingerprint().finish();
        if (n > 0) {
            loop.send(loop.scratch, 0, n, from);
        }
    }

    /** RFC 8489 section 9.1.3: 400 and 401 carry no MESSAGE-INTEGRITY (the key is what failed). */
    private void answerError(StunMessage request, InetSocketAddress from, int code, byte[] reason) {
        request.copyTransactionId(transactionId, 0);
        int n = loop.stunWriter.start(loop.scratch, 0, STUN_RESPONSE_CAPACITY, StunMessageClass.ERROR_RESPONSE,
                StunMessage.METHOD_BINDING, transactionId, 0)
                .errorCode(code, reason, 0, reason.length).fingerprint().finish();
        if (n > 0) {
            loop.send(loop.scratch, 0, n, from);
        }
    }

    /** The transport closed: none of its addresses routes to it any more. */
    void unrouteAll() {
        for (InetSocketAddress a : addresses) {
            loop.unroute(a, transport);
        }
        addresses.clear();
    }
}
