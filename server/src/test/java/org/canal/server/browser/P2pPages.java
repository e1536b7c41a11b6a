package org.canal.server.browser;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.canal.media.api.CallStats;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaControl;
import org.canal.media.api.MediaException;
import org.canal.server.CanalNode;

/**
 * What the P2P browser tests read from a page and from the node (docs/p2p.md): the selected candidate
 * pair of one of the page's connections, video frames decoded per remote participant over all its
 * connections, the longest gap between their increments (sampled every 100 ms in the page), and the
 * node's packet counters of the call.
 */
final class P2pPages {
    /** The media engine's id of the dev demo call. */
    static final String CALL_ID = "dev/demo";

    /**
     * Every 100 ms, the page's {@code canal.framesDecoded()} (all its connections, closed ones too); per
     * remote participant the time of its last increment and the longest gap between two increments since
     * {@code window.p2pGaps.reset()}, with when it ended; and the SDK's {@code mediamode} events since then.
     * A sample still waiting for getStats skips the tick.
     */
    static final String SAMPLE_FRAMES = """
            if (!window.p2pGaps) {
              const g = { last: {}, lastAt: {}, maxGap: {}, maxGapEnd: {}, modes: [], since: Date.now(), busy: false };
              g.reset = () => { g.since = Date.now(); g.maxGap = {}; g.maxGapEnd = {}; g.lastAt = {}; g.modes = []; };
              window.canal.addEventListener('mediamode', (e) => g.modes.push(
                  (Date.now() - g.since) + ' ms ' + e.detail.mode + (e.detail.switched ? ' switched' : ' starts')));
              setInterval(() => {
                if (g.busy || !window.canal) { return; }
                g.busy = true;
                window.canal.framesDecoded().then((frames) => {
                  const now = Date.now();
                  for (const [id, count] of Object.entries(frames)) {
                    if (g.last[id] === undefined || count > g.last[id]) {
                      const from = g.lastAt[id] === undefined ? g.since : g.lastAt[id];
                      if (g.last[id] !== undefined && now - from > (g.maxGap[id] || 0)) {
                        g.maxGap[id] = now - from;
                        g.maxGapEnd[id] = now - g.since;
                      }
                      g.lastAt[id] = now;
                    }
                    g.last[id] = count;
                  }
                }).catch(() => {}).finally(() => { g.busy = false; });
              }, 100);
              window.p2pGaps = g;
            }""";

    /** {state, localPort, remotePort, localType, remoteType} of the selected pair of the page's P2P or subscribe connection. */
    private static final String SELECTED_PAIR = """
            const pc = arguments[0] === 'p2p' ? (window.canal.p2p && window.canal.p2p.pc) : window.canal.subscribePc;
            if (!pc) { return null; }
            return pc.getStats().then((stats) => {
              let transport = null;
              stats.forEach((s) => { if (s.type === 'transport' && !transport) { transport = s; } });
              const pair = transport && transport.selectedCandidatePairId ? stats.get(transport.selectedCandidatePairId) : null;
              if (!pair) { return null; }
              const local = stats.get(pair.localCandidateId);
              const remote = stats.get(pair.remoteCandidateId);
              return { state: pc.connectionState, localPort: local.port, remotePort: remote.port,
                localType: local.candidateType, remoteType: remote.candidateType };
            });""";

    private P2pPages() {}

    /** The selected candidate pair of one connection of a page. */
    record Pair(String state, int localPort, int remotePort, String localType, String remoteType) {
        static Optional<Pair> of(Object raw) {
            if (!(raw instanceof Map<?, ?> m)) {
                return Optional.empty();
            }
            return Optional.of(new Pair((String) m.get("state"), ((Number) m.get("localPort")).intValue(),
                    ((Number) m.get("remotePort")).intValue(), (String) m.get("localType"), (String) m.get("remoteType")));
        }

        boolean connected() {
            return "connected".equals(state);
        }
    }

    static Optional<Pair> p2pPair(ChromiumBrowser page) {
        return Pair.of(page.driver().executeScript(SELECTED_PAIR, "p2p"));
    }

    static Optional<Pair> subscribePair(ChromiumBrowser page) {
        return Pair.of(page.driver().executeScript(SELECTED_PAIR, "subscribe"));
    }

    /** Whether the page has an SFU (publish or subscribe) connection open. */
    static boolean hasSfuConnections(ChromiumBrowser page) {
        return Boolean.TRUE.equals(page.driver().executeScript(
                "return Boolean(window.canal.publishPc || window.canal.subscribePc)"));
    }

    /** The page's media mode and whether its epoch completed (the SDK's P2P state). */
    static String mode(ChromiumBrowser page) {
        return (String) page.driver().executeScript("""
                const e = window.canal.p2p.epoch;
                return e ? e.mode + (e.peer ? ':' + e.peer : '') + (e.switched ? ':switched' : '') : 'none';""");
    }

    /** Video frames the page decoded from {@code participant} over all its connections. */
    static long framesFrom(ChromiumBrowser page, String participant) {
        Object frames = page.driver().executeScript(
                "return window.canal.framesDecoded().then((f) => f[arguments[0]] || 0)", participant);
        return ((Number) frames).longValue();
    }

    static void startSampling(ChromiumBrowser page) {
        page.driver().executeScript(SAMPLE_FRAMES);
    }

    static void resetGaps(ChromiumBrowser page) {
        page.driver().executeScript("window.p2pGaps.reset()");
    }

    /** The longest gap (ms) between increments of the frames decoded from {@code participant} since the last reset. */
    static long longestGap(ChromiumBrowser page, String participant) {
        Object gap = page.driver().executeScript("""
                const g = window.p2pGaps;
                const open = g.lastAt[arguments[0]] === undefined ? Date.now() - g.since : Date.now() - g.lastAt[arguments[0]];
                return Math.max(g.maxGap[arguments[0]] || 0, open);""", participant);
        return ((Number) gap).longValue();
    }

    /** When (ms after the reset) the longest gap from {@code participant} ended, and the page's mediamode events since. */
    static String gapContext(ChromiumBrowser page, String participant) {
        return (String) page.driver().executeScript("""
                const g = window.p2pGaps;
                return 'longest gap ended ' + g.maxGapEnd[arguments[0]] + ' ms after the trigger; mediamode: '
                    + g.modes.join(', ');""", participant);
    }

    /** RTP packets the node's transports of the demo call sent and received; 0 when the media engine has no such call. */
    static long nodePackets(CanalNode node) {
        try {
            CallStats call = new MediaControl(node.vertx(), node.options().nodeId())
                    .send(new MediaCommand.DescribeCall(CALL_ID)).await(10, TimeUnit.SECONDS);
            return call.transports().stream().mapToLong(t -> t.rtpPacketsSent() + t.rtpPacketsReceived()).sum();
        } catch (MediaException e) {
            if (e.code() == MediaException.Code.UNKNOWN_CALL) {
                return 0;
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Transports the media engine holds for the demo call, by state (none when it has no such call). */
    static List<String> nodeTransportStates(CanalNode node) {
        try {
            return new MediaControl(node.vertx(), node.options().nodeId()).send(new MediaCommand.DescribeCall(CALL_ID))
                    .await(10, TimeUnit.SECONDS).transports().stream().map(CallStats.TransportStats::state).toList();
        } catch (MediaException e) {
            return List.of();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
