package org.canal.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.canal.media.api.NodeStats;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.SignalingCounters;

/**
 * Canal's own meters (docs/metrics.md lists them): gauges and function counters that read signaling's
 * counts and the cached {@code DescribeNode} answer when scraped, so nothing is counted twice and the
 * packet path pays nothing. Label values are fixed names only (error codes, drop reasons, limit kinds).
 * Micrometer's meters hold their sources weakly: this object keeps them (and {@link NodeMetrics} keeps
 * this), or a collected source would make its meter report NaN.
 */
final class CanalMeters {
    /** A drop reason becomes a label value only if it looks like one of the engine's enum names. */
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final MeterRegistry registry;
    private final SignalingCounters signaling;
    private final MediaStatsCache media;
    private final Set<String> dropReasons = new HashSet<>();

    CanalMeters(MeterRegistry registry, SignalingCounters signaling, MediaStatsCache media) {
        this.registry = registry;
        this.signaling = signaling;
        this.media = media;
        Gauge.builder("canal.calls", signaling, SignalingCounters::calls)
                .description("Calls signaling holds now").register(registry);
        Gauge.builder("canal.sessions", signaling, SignalingCounters::sessions)
                .description("Sessions signaling holds now, attached or in their resume grace").register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            FunctionCounter.builder("canal.signaling.refusals", signaling, s -> s.refusals(code))
                    .description("Signaling requests refused, by error code").tag("code", code.name()).register(registry);
        }
        for (String kind : signaling.rateLimited().keySet()) {
            FunctionCounter.builder("canal.signaling.rate.limited", signaling, s -> s.rateLimited().getOrDefault(kind, 0L))
                    .description("Requests the rate limits refused, by kind").tag("kind", kind).register(registry);
        }
        Gauge.builder("canal.media.calls", media, m -> m.latest().calls())
                .description("Calls the media engine holds now").register(registry);
        Gauge.builder("canal.media.transports", media, m -> m.latest().transports())
                .description("ICE/DTLS transports the media engine holds now").register(registry);
        FunctionCounter.builder("canal.media.datagrams.received", media, m -> m.latest().datagramsReceived())
                .description("UDP datagrams the media sockets received").register(registry);
        FunctionCounter.builder("canal.media.rtp.forwarded", media, m -> m.latest().rtpForwarded())
                .description("RTP packets sent to subscribers, one per leg").register(registry);
        FunctionCounter.builder("canal.media.stun.bindings.answered", media, m -> m.latest().stunBindingsAnswered())
                .description("Plain STUN Binding requests answered (the node as a stun: server)").register(registry);
    }

    /**
     * Registers a counter for every drop reason the engine has reported so far; the engine reports a
     * reason from its first drop on, so a reason's series starts then. Call after a refresh.
     */
    void registerNewDropReasons() {
        NodeStats stats = media.latest();
        for (String reason : stats.drops().keySet()) {
            if (!dropReasons.contains(reason) && REASON.matcher(reason).matches()) {
                dropReasons.add(reason);
                FunctionCounter.builder("canal.media.drops", media, m -> m.latest().drops().getOrDefault(reason, 0L))
                        .description("Datagrams the media engine dropped before a transport took them, by reason")
                        .tag("reason", reason).register(registry);
            }
        }
    }
}
