package org.canal.media.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.canal.media.MediaOptions;
import org.canal.media.api.CallStats;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.IceCandidate;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.MediaException;
import org.canal.media.api.MediaException.Code;
import org.canal.media.api.NodeStats;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.media.dtls.DtlsHandshaker;
import org.canal.media.dtls.NodeCertificate;
import org.canal.media.ice.IceLiteAgent;

/**
 * The media engine's control plane: answers {@link MediaCommand}s, places calls on loops, and keeps the
 * directory of calls and transports. It runs on one context (the {@code MediaVerticle}'s); every change
 * to a call hops onto that call's loop, and what a loop reports hops back here, so the directory needs
 * no locks either.
 */
public final class MediaEngine implements EngineListener {
    private static final System.Logger LOG = System.getLogger(MediaEngine.class.getName());
    /** How long the selected address must be silent before another validated one takes over. */
    static final Duration SWITCH_AFTER_SILENCE = Duration.ofSeconds(3);
    /** Handshake threads mostly wait for the browser's next flight (a round trip), not for CPU. */
    private static final int DTLS_THREADS = 16;
    private static final int DTLS_HANDSHAKE_TIMEOUT_MILLIS = 20_000;
    private static final long HOST_TYPE_PREFERENCE = 126; // RFC 8445 section 5.1.2.2

    private final Vertx vertx;
    private final Context control;
    private final MediaOptions options;
    private final Consumer<MediaEvent> events;
    private final SecureRandom random = new SecureRandom();
    private final NodeCertificate certificate;
    private final DtlsHandshaker handshaker;
    private final List<MediaLoop> loops = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Transport> transports = new HashMap<>();
    private final Map<Call, Integer> openTransportsByCall = new HashMap<>();
    private final Map<MediaLoop, Integer> loadByLoop = new HashMap<>();

    private MediaEngine(Vertx vertx, Context control, MediaOptions options, NodeCertificate certificate,
            Consumer<MediaEvent> events) {
        this.vertx = vertx;
        this.control = control;
        this.options = options;
        this.certificate = certificate;
        this.events = events;
        this.handshaker = new DtlsHandshaker(certificate, DTLS_THREADS, DTLS_HANDSHAKE_TIMEOUT_MILLIS);
    }

    /**
     * Generates the node certificate (on a worker), binds every loop's socket and completes with the
     * engine. Call from the context that will send it commands.
     */
    public static Future<MediaEngine> start(Vertx vertx, MediaOptions options, Consumer<MediaEvent> events) {
        Context control = vertx.getOrCreateContext();
        return vertx.executeBlocking(() -> NodeCertificate.generate(new SecureRandom()))
                .compose(cert -> {
                    MediaEngine engine = new MediaEngine(vertx, control, options, cert, events);
                    return engine.bindLoops().map(engine).recover(e -> engine.close().transform(x -> Future.failedFuture(e)));
                });
    }

    private Future<Void> bindLoops() {
        VertxInternal vx = (VertxInternal) vertx;
        List<Future<Integer>> bound = new ArrayList<>();
        for (int i = 0; i < options.loops(); i++) {
            ContextInternal ctx = vx.createEventLoopContext();
            MediaLoop loop = new MediaLoop(i, ctx, this);
            loops.add(loop);
            loadByLoop.put(loop, 0);
            int port = options.port() == 0 ? 0 : options.port() + i;
            bound.add(loop.bind(new InetSocketAddress(options.bindAddress(), port), vertx.isNativeTransportEnabled()));
        }
        return Future.all(bound).map(all -> {
            for (Future<Integer> f : bound) {
                ports.add(f.result());
            }
            LOG.log(System.Logger.Level.INFO, "media engine: {0} loop(s), native transport {1}",
                    loops.size(), loops.get(0).nativeTransport());
            return null;
        });
    }

    /** The UDP port each loop bound, by loop index. */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    public NodeCertificate certificate() {
        return certificate;
    }

    /** Whether the loops' sockets run on Netty's native epoll transport. */
    public boolean nativeTransport() {
        return !loops.isEmpty() && loops.get(0).nativeTransport();
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (MediaLoop loop : loops) {
            closing.add(loop.close());
        }
        return Future.join(closing).<Void>mapEmpty().eventually(() -> {
            handshaker.close();
            return Future.succeededFuture();
        });
    }

    // ---- commands ----

    /** Answers one command; call on the control context. */
    public Future<?> handle(MediaCommand<?> command) {
        try {
            if (command instanceof MediaCommand.OpenTransport c) {
                return open(c);
            } else if (command instanceof MediaCommand.ConnectTransport c) {
                return connect(c);
            } else if (command instanceof MediaCommand.RestartIce c) {
                return restartIce(c);
            } else if (command instanceof MediaCommand.SetPublishedTracks c) {
                return setPublished(c);
            } else if (command instanceof MediaCommand.SetSubscribedTracks c) {
                return setSubscribed(c);
            } else if (command instanceof MediaCommand.CloseTransport c) {
                Transport t = transport(c.transportId());
                return onLoop(t.loop, () -> {
                    t.close("CLOSED");
                    return null;
                });
            } else if (command instanceof MediaCommand.LeaveCall c) {
                return leave(c);
            } else if (command instanceof MediaCommand.DescribeCall c) {
                return describeCall(c);
            } else if (command instanceof MediaCommand.DescribeNode) {
                return describeNode();
            }
            throw new MediaException(Code.INVALID_ARGUMENT, "unknown command");
        } catch (MediaException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<LocalTransport> open(MediaCommand.OpenTransport c) {
        requireText("callId", c.callId());
        requireText("sessionId", c.sessionId());
        if (c.direction() == null) {
            throw new MediaException(Code.INVALID_ARGUMENT, "direction is required");
        }
        if (transports.size() >= options.maxTransports()) {
            throw new MediaException(Code.CAPACITY, "this node holds its maximum of " + options.maxTransports() + " transports");
        }
        Call call = calls.get(c.callId());
        if (call == null) {
            call = new Call(c.callId(), leastLoadedLoop());
            calls.put(call.id, call);
            openTransportsByCall.put(call, 0);
        }
        long now = System.nanoTime();
        IceLiteAgent ice = IceLiteAgent.withRandomCredentials(random, options.consentTimeout().toNanos(),
                SWITCH_AFTER_SILENCE.toNanos(), now);
        long localSsrc = 1 + (random.nextInt() & 0xFFFF_FFFEL);
        Transport t = new Transport(newTransportId(), c.sessionId(), c.direction(), call, ice, localSsrc, handshaker);
        transports.put(t.id, t);
        openTransportsByCall.merge(call, 1, Integer::sum);
        loadByLoop.merge(call.loop, 1, Integer::sum);
        MediaLoop loop = call.loop;
        Call owner = call;
        LocalTransport local = new LocalTransport(t.id, ice.localUfrag(), ice.localPwd(),
                certificate.fingerprintAlgorithm(), certificate.sha256Fingerprint(), candidates(loop));
        return onLoop(loop, () -> {
            loop.attach(t);
            owner.transports.add(t);
            return local;
        });
    }

    private List<IceCandidate> candidates(MediaLoop loop) {
        List<IceCandidate> out = new ArrayList<>();
        int port = ports.get(loop.index);
        List<String> addresses = options.advertisedAddresses();
        for (int i = 0; i < addresses.size(); i++) {
            long localPreference = 65_535 - i;
            long priority = (HOST_TYPE_PREFERENCE << 24) + (localPreference << 8) + (256 - 1); // RFC 8445 5.1.2.1
            out.add(new IceCandidate(addresses.get(i), port, priority));
        }
        return out;
    }

    private Future<Void> connect(MediaCommand.ConnectTransport c) {
        Transport t = transport(c.transportId());
        RemoteTransport r = c.remote();
        if (r == null) {
            throw new MediaException(Code.INVALID_ARGUMENT, "remote is required");
        }
        if (r.fingerprintAlgorithm() == null || !r.fingerprintAlgorithm().equalsIgnoreCase("sha-256")) {
            throw new MediaException(Code.INVALID_ARGUMENT, "only sha-256 certificate fingerprints are supported");
        }
        byte[] fingerprint = NodeCertificate.parseSha256Fingerprint(r.fingerprint());
        if (fingerprint == null) {
            throw new MediaException(Code.INVALID_ARGUMENT, "fingerprint is not 32 hex pairs");
        }
        if (r.iceUfrag() == null || r.iceUfrag().length() < 4 || r.iceUfrag().length() > 256
                || r.icePwd() == null || r.icePwd().length() < 22 || r.icePwd().length() > 256) {
            throw new MediaException(Code.INVALID_ARGUMENT, "ICE ufrag must be 4..256 and pwd 22..256 characters (RFC 8839)");
        }
        return onLoop(t.loop, () -> {
            if (t.fingerprintConflicts(fingerprint)) {
                throw new MediaException(Code.INVALID_ARGUMENT, "the transport's DTLS fingerprint cannot change");
            }
            try {
                t.connect(r.iceUfrag(), fingerprint);
            } catch (IllegalArgumentException e) {
                throw new MediaException(Code.INVALID_ARGUMENT, e.getMessage());
            }
            return null;
        });
    }

    /**
     * New local credentials for the transport; the browser's new ufrag if it is known. The reply holds
     * the new credentials with the same fingerprint and candidates: the DTLS association continues.
     */
    private Future<LocalTransport> restartIce(MediaCommand.RestartIce c) {
        Transport t = transport(c.transportId());
        String remoteUfrag = c.remoteUfrag();
        if (remoteUfrag != null && (remoteUfrag.length() < 4 || remoteUfrag.length() > 256)) {
            throw new MediaException(Code.INVALID_ARGUMENT, "ICE ufrag must be 4..256 characters (RFC 8839)");
        }
        List<IceCandidate> candidates = candidates(t.loop);
        String ufrag = IceLiteAgent.randomIceString(random, IceLiteAgent.UFRAG_LENGTH);
        String pwd = IceLiteAgent.randomIceString(random, IceLiteAgent.PWD_LENGTH);
        return onLoop(t.loop, () -> {
            if (t.state == Transport.State.CLOSED) {
                throw new MediaException(Code.UNKNOWN_TRANSPORT, "the transport closed");
            }
            try {
                t.restartIce(ufrag, pwd, remoteUfrag);
            } catch (IllegalArgumentException e) {
                throw new MediaException(Code.INVALID_ARGUMENT, e.getMessage());
            }
            return new LocalTransport(t.id, ufrag, pwd, certificate.fingerprintAlgorithm(),
                    certificate.sha256Fingerprint(), candidates);
        });
    }

    private Future<Void> setPublished(MediaCommand.SetPublishedTracks c) {
        Transport t = transport(c.transportId());
        if (t.direction != TransportDirection.PUBLISH) {
            throw new MediaException(Code.WRONG_DIRECTION, "tracks are published on a PUBLISH transport");
        }
        List<PublishedTrack> tracks = requireList(c.tracks());
        Set<String> ids = new HashSet<>();
        for (PublishedTrack p : tracks) {
            requireText("trackId", p.trackId());
            requireText("mid", p.mid());
            if (!ids.add(p.trackId())) {
                throw new MediaException(Code.INVALID_ARGUMENT, "track ids must be unique");
            }
            if (p.kind() == null) {
                throw new MediaException(Code.INVALID_ARGUMENT, "track kind is required");
            }
            if (p.ssrc() < 0 || p.ssrc() > 0xFFFF_FFFFL) {
                throw new MediaException(Code.INVALID_ARGUMENT, "ssrc must be a 32-bit value (0: undeclared)");
            }
            requireCodecs(p.codecs());
            requireExtensions(p.extensions());
        }
        return onLoop(t.loop, () -> {
            for (PublishedTrack p : tracks) {
                if (t.call.publishedElsewhere(p.trackId(), t)) {
                    throw new MediaException(Code.INVALID_ARGUMENT, "track id already published in this call");
                }
            }
            t.setPublishedTracks(tracks);
            return null;
        });
    }

    private Future<Void> setSubscribed(MediaCommand.SetSubscribedTracks c) {
        Transport t = transport(c.transportId());
        if (t.direction != TransportDirection.SUBSCRIBE) {
            throw new MediaException(Code.WRONG_DIRECTION, "tracks are subscribed on a SUBSCRIBE transport");
        }
        List<SubscribedTrack> tracks = requireList(c.tracks());
        Set<String> ids = new HashSet<>();
        Set<Long> ssrcs = new HashSet<>();
        for (SubscribedTrack s : tracks) {
            requireText("trackId", s.trackId());
            if (!ids.add(s.trackId())) {
                throw new MediaException(Code.INVALID_ARGUMENT, "track ids must be unique");
            }
            if (s.ssrc() <= 0 || s.ssrc() > 0xFFFF_FFFFL || !ssrcs.add(s.ssrc())) {
                throw new MediaException(Code.INVALID_ARGUMENT, "each subscribed track needs its own non-zero 32-bit ssrc");
            }
            requireCodecs(s.codecs());
            requireExtensions(s.extensions());
        }
        return onLoop(t.loop, () -> {
            t.setSubscribedTracks(tracks, System.nanoTime());
            return null;
        });
    }

    private Future<Void> leave(MediaCommand.LeaveCall c) {
        Call call = calls.get(c.callId());
        if (call == null) {
            throw new MediaException(Code.UNKNOWN_CALL, "no such call on this node");
        }
        List<Transport> leaving = new ArrayList<>();
        for (Transport t : transports.values()) {
            if (t.call == call && t.sessionId.equals(c.sessionId())) {
                leaving.add(t);
            }
        }
        return onLoop(call.loop, () -> {
            for (Transport t : leaving) {
                t.close("CLOSED");
            }
            return null;
        });
    }

    private Future<CallStats> describeCall(MediaCommand.DescribeCall c) {
        Call call = calls.get(c.callId());
        if (call == null) {
            throw new MediaException(Code.UNKNOWN_CALL, "no such call on this node");
        }
        return onLoop(call.loop, () -> {
            List<CallStats.TransportStats> stats = new ArrayList<>();
            for (Transport t : call.transports) {
                stats.add(t.stats());
            }
            return new CallStats(call.id, call.loop.index, stats);
        });
    }

    private Future<NodeStats> describeNode() {
        int callCount = calls.size();
        int transportCount = transports.size();
        List<Future<Object[]>> parts = new ArrayList<>();
        for (MediaLoop loop : loops) {
            parts.add(onLoop(loop, () -> {
                Map<String, Long> drops = new LinkedHashMap<>();
                long[] datagrams = new long[3];
                loop.addNodeCounters(drops, datagrams);
                return new Object[] {drops, datagrams[0], datagrams[1], datagrams[2]};
            }));
        }
        return Future.all(parts).map(all -> {
            Map<String, Long> drops = new LinkedHashMap<>();
            long datagrams = 0;
            long bindingsAnswered = 0;
            long forwarded = 0;
            for (Future<Object[]> f : parts) {
                @SuppressWarnings("unchecked")
                Map<String, Long> d = (Map<String, Long>) f.result()[0];
                d.forEach((k, v) -> drops.merge(k, v, Long::sum));
                datagrams += (Long) f.result()[1];
                bindingsAnswered += (Long) f.result()[2];
                forwarded += (Long) f.result()[3];
            }
            return new NodeStats(callCount, transportCount, datagrams, forwarded, bindingsAnswered, drops);
        });
    }

    // ---- what loops report (on their threads) ----

    @Override
    public void transportConnected(Transport t) {
        events.accept(new MediaEvent.TransportConnected(t.id, t.call.id, t.sessionId, t.profile().name()));
    }

    @Override
    public void transportClosed(Transport t, String reason) {
        events.accept(new MediaEvent.TransportClosed(t.id, t.call.id, t.sessionId, reason));
        control.runOnContext(v -> forget(t));
    }

    /** On the control context: the transport leaves the directory; the call ends with its last one. */
    private void forget(Transport t) {
        if (transports.remove(t.id) == null) {
            return;
        }
        loadByLoop.merge(t.loop, -1, Integer::sum);
        Integer left = openTransportsByCall.merge(t.call, -1, Integer::sum);
        if (left != null && left <= 0) {
            openTransportsByCall.remove(t.call);
            calls.remove(t.call.id, t.call);
        }
    }

    // ---- helpers ----

    private MediaLoop leastLoadedLoop() {
        MediaLoop best = loops.get(0);
        for (MediaLoop l : loops) {
            if (loadByLoop.get(l) < loadByLoop.get(best)) {
                best = l;
            }
        }
        return best;
    }

    private Transport transport(String id) {
        Transport t = id == null ? null : transports.get(id);
        if (t == null) {
            throw new MediaException(Code.UNKNOWN_TRANSPORT, "no such transport on this node");
        }
        return t;
    }

    private String newTransportId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "t" + HexFormat.of().formatHex(b);
    }

    /** Runs {@code work} on {@code loop} (flushing what it sent) and completes on the control context. */
    private <T> Future<T> onLoop(MediaLoop loop, LoopWork<T> work) {
        Promise<T> done = ((ContextInternal) control).promise();
        loop.execute(() -> {
            try {
                T result = work.run();
                loop.flush();
                done.complete(result);
            } catch (MediaException e) {
                done.fail(e);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "media command failed on its loop", e);
                done.fail(new MediaException(Code.INTERNAL, "the media loop failed to apply the command"));
            }
        });
        return done.future();
    }

    private interface LoopWork<T> {
        T run();
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new MediaException(Code.INVALID_ARGUMENT, what + " is required");
        }
    }

    private static <T> List<T> requireList(List<T> list) {
        if (list == null) {
            throw new MediaException(Code.INVALID_ARGUMENT, "tracks are required (an empty list clears them)");
        }
        return list;
    }

    private static void requireCodecs(List<Codec> codecs) {
        if (codecs == null || codecs.isEmpty()) {
            throw new MediaException(Code.INVALID_ARGUMENT, "a track needs at least one codec");
        }
        Set<Integer> pts = new HashSet<>();
        for (Codec c : codecs) {
            if (c.payloadType() < 0 || c.payloadType() > 127 || !pts.add(c.payloadType())) {
                throw new MediaException(Code.INVALID_ARGUMENT, "payload types must be distinct and within 0..127");
            }
            if (c.name() == null || c.name().isBlank() || c.clockRate() <= 0) {
                throw new MediaException(Code.UNSUPPORTED_CODEC, "a codec needs a name and a positive clock rate");
            }
        }
    }

    private static void requireExtensions(List<HeaderExtension> extensions) {
        if (extensions == null) {
            throw new MediaException(Code.INVALID_ARGUMENT, "extensions are required (may be empty)");
        }
        Set<Integer> ids = new HashSet<>();
        for (HeaderExtension e : extensions) {
            if (e.id() < 1 || e.id() > 255 || e.uri() == null || !ids.add(e.id())) {
                throw new MediaException(Code.INVALID_ARGUMENT, "extension ids must be distinct and within 1..255 (RFC 8285)");
            }
        }
    }
}
