package org.canal.media.api;

import java.util.List;
import java.util.Map;

/** A snapshot of a call's counters. */
public record CallStats(String callId, int loopIndex, List<TransportStats> transports) {
    public CallStats {
        transports = List.copyOf(transports);
    }

    /**
     * One transport's counters.
     *
     * @param state NEW, CHECKING, CONNECTED (ICE and DTLS done), CLOSED
     * @param srtpProfile the negotiated DTLS-SRTP profile name, null before DTLS completes
     * @param senderReportsSent SRs Canal sent to a SUBSCRIBE transport's browser, one per publisher SR and
     *     leg (also counted in {@code rtcpPacketsSent})
     * @param drops packets dropped, by reason (e.g. SRTP AUTHENTICATION_FAILED): names, never addresses
     * @param iceRestarts ICE restarts applied to the transport ({@link MediaCommand.RestartIce})
     * @param iceRestartsCompleted restarts whose new credentials authenticated a check from the browser
     * @param selectedAddressChanges times the browser's selected address moved to another one (a network
     *     change or NAT rebinding); the address itself is never reported
     */
    public record TransportStats(String transportId, String sessionId, TransportDirection direction, String state,
            String srtpProfile, long rtpPacketsReceived, long rtpPacketsSent, long rtcpPacketsReceived,
            long rtcpPacketsSent, long senderReportsSent, Map<String, Long> drops, long iceRestarts,
            long iceRestartsCompleted, long selectedAddressChanges) {
        public TransportStats {
            drops = Map.copyOf(drops);
        }
    }
}
