package org.canal.protocol.sdp;

import java.util.Objects;

/**
 * One line of a session or media section after its fixed header: {@code <type>=<text>} (RFC 8866
 * section 5). Sections keep their lines in order, so a description written back has the lines it was
 * parsed from, in the same order; lines Canal does not model are kept as {@link Other}.
 *
 * <p>Every implementation is an immutable value, safe to share between threads.
 */
public sealed interface SdpLine permits SdpAttribute, SdpLine.Connection, SdpLine.Timing, SdpLine.Other {

    /** The line's type letter, e.g. {@code 'a'}. */
    char type();

    /** Everything after {@code <type>=}, as written. */
    String text();

    /**
     * {@code c=<nettype> <addrtype> <connection-address>} (RFC 8866 section 5.7). The address is kept as
     * written (it may carry a TTL or count for multicast, never in WebRTC).
     */
    record Connection(String netType, String addressType, String address) implements SdpLine {
        public Connection {
            Objects.requireNonNull(netType);
            Objects.requireNonNull(addressType);
            Objects.requireNonNull(address);
        }

        /** {@code IN IP4 <address>}, what JSEP writes (RFC 8829 section 5.2.1 uses 0.0.0.0 before ICE). */
        public static Connection ip4(String address) {
            return new Connection("IN", "IP4", address);
        }

        @Override
        public char type() {
            return 'c';
        }

        @Override
        public String text() {
            return netType + ' ' + addressType + ' ' + address;
        }
    }

    /** {@code t=<start-time> <stop-time>} (RFC 8866 section 5.9); WebRTC always writes {@code t=0 0}. */
    record Timing(long start, long stop) implements SdpLine {
        public static final Timing UNBOUNDED = new Timing(0, 0);

        @Override
        public char type() {
            return 't';
        }

        @Override
        public String text() {
            return start + " " + stop;
        }
    }

    /** A line Canal does not model (i=, u=, e=, p=, b=, r=, z=, k=, or an unknown letter), kept as is. */
    record Other(char type, String text) implements SdpLine {
        public Other {
            Objects.requireNonNull(text);
        }
    }
}
