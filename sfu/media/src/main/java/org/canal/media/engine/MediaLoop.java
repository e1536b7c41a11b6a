package org.canal.media.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.canal.protocol.demux.PacketKind;
import org.canal.protocol.rtcp.FullIntraRequestPacket;
import org.canal.protocol.rtcp.PictureLossIndicationPacket;
import org.canal.protocol.rtcp.RtcpCompoundReader;
import org.canal.protocol.rtcp.SenderReportPacket;
import org.canal.protocol.rtp.RtpExtensionIdRewriter;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;

/**
 * One media loop: a UDP socket served on one Vert.x event loop, and everything of the calls placed on
 * it. Every datagram of those calls, every timer and every command that changes them runs on this
 * loop's thread, so nothing here takes a lock.
 *
 * <p>The socket is a Netty {@link EpollDatagramChannel} registered on the Vert.x context's own Netty
 * event loop (NIO when native epoll is unavailable). Per datagram: the bytes are copied into the loop's
 * one receive array (with tailroom for SRTP tags), classified by their first byte (RFC 7983), and routed
 * by the sender's address to a transport; a binding request from a new address is routed by the ufrag
 * in its USERNAME, and one without credentials is answered by the loop's {@link StunBindingServer}.
 * What cannot be routed or parsed is dropped and counted here (node counters); what a transport
 * refuses is counted on the transport.
 *
 * <p>Allocation per datagram: none in Canal's code; Netty allocates the received {@link DatagramPacket}
 * envelope, its sender address and a pooled buffer, and on sending a pooled buffer and an envelope.
 */
public final class MediaLoop {
    /** Largest datagram taken; Netty reads into 2,048-byte buffers, so anything larger was cut anyway. */
    static final int MAX_DATAGRAM = 2_048;
    /** Room after a packet for the largest SRTP/SRTCP trailer (16-byte tag + 4-byte index). */
    static final int TAILROOM = 64;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    final int index;
    final ContextInternal context;
    private final EventLoop eventLoop;
    final EngineListener listener;
    private Channel channel;
    private ScheduledFuture<?> ticker;
    private long lastReportAt;

    /** Transports placed here, counted by the control plane for least-loaded placement. */
    final AtomicInteger load = new AtomicInteger();

    // ---- loop-owned state: touched only on the loop thread ----
    final byte[] rx = new byte[MAX_DATAGRAM + TAILROOM];
    final byte[] scratch = new byte[MAX_DATAGRAM + TAILROOM];
    final StunMessage stun = new StunMessage();
    final StunMessageWriter stunWriter = new StunMessageWriter();
    final RtpPacket rtpIn = new RtpPacket();
    final RtpPacket rtpOut = new RtpPacket();
    final RtpExtensionIdRewriter extensionRewriter = new RtpExtensionIdRewriter();
    final RtpHeaderExtensionCursor extensionCursor = new RtpHeaderExtensionCursor();
    final RtcpCompoundReader rtcpReader = new RtcpCompoundReader();
    final SenderReportPacket senderReport = new SenderReportPacket();
    final PictureLossIndicationPacket pli = new PictureLossIndicationPacket();
    final FullIntraRequestPacket fir = new FullIntraRequestPacket();
    private final StunBindingServer bindingServer = new StunBindingServer(this);
    private final Map<InetSocketAddress, Transport> byAddress = new HashMap<>();
    private final List<Transport> transports = new ArrayList<>();
    private final DropCounters drops = new DropCounters();
    private long datagramsReceived;
    /** RTP packets sent to subscribers on this loop: the node's forwarded-packet counter (NodeStats). */
    long rtpForwarded;

    MediaLoop(int index, ContextInternal context, EngineListener listener) {
        this.index = index;
        this.context = context;
        this.eventLoop = context.nettyEventLoop();
        this.listener = listener;
    }

    /** A loop without a context or socket, for tests of the packet path alone: what it sends is dropped. */
    MediaLoop(int index, EngineListener listener) {
        this.index = index;
        this.context = null;
        this.eventLoop = null;
        this.listener = listener;
    }

    /** Binds the loop's socket on its own event loop; completes with the port bound. */
    Future<Integer> bind(InetSocketAddress address, boolean preferNative) {
        Promise<Integer> bound = context.promise();
        boolean epoll = preferNative && Epoll.isAvailable();
        Bootstrap b = new Bootstrap()
                .group(eventLoop)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new Receiver());
        ChannelFuture f;
        try {
            f = b.bind(address);
        } catch (RuntimeException e) {
            bound.fail(e);
            return bound.future();
        }
        f.addListener(done -> {
            if (done.isSuccess()) {
                channel = f.channel();
                ticker = eventLoop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
                bound.complete(((InetSocketAddress) channel.localAddress()).getPort());
            } else {
                bound.fail(done.cause());
            }
        });
        return bound.future();
    }

    /** Whether the socket runs on native epoll (for logs and tests). */
    boolean nativeTransport() {
        return channel instanceof EpollDatagramChannel;
    }

    Future<Void> close() {
        Promise<Void> closed = context.promise();
        execute(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            for (Transport t : new ArrayList<>(transports)) {
                t.close("CLOSED");
            }
            if (channel == null) {
                closed.complete();
            } else {
                channel.close().addListener(f -> closed.complete());
            }
        });
        return closed.future();
    }

    /** Runs {@code task} on this loop's thread. */
    void execute(Runnable task) {
        context.execute(task);
    }

    // ---- the packet path ----

    private final class Receiver extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            try {
                ByteBuf content = packet.content();
                int len = content.readableBytes();
                datagramsReceived++;
                if (len > MAX_DATAGRAM) {
                    drops.count(DropReason.TOO_LARGE);
                    return;
                }
                content.getBytes(content.readerIndex(), rx, 0, len);
                onDatagram(len, packet.sender(), System.nanoTime());
            } catch (RuntimeException bug) {
                // A bug must cost one datagram, never the loop: counted, not logged per packet.
                drops.count(DropReason.INTERNAL_ERROR);
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like surface here; the socket stays open.
        }
    }

    /** One datagram, already copied into {@link #rx}: classify, route, hand over. */
    void onDatagram(int len, InetSocketAddress from, long now) {
        PacketKind kind = PacketKind.of(rx, 0, len);
        switch (kind) {
            case STUN -> onStun(len, from, now);
            case DTLS -> {
                Transport t = byAddress.get(from);
                if (t == null) {
                    drops.count(DropReason.UNKNOWN_SENDER);
                } else {
                    t.onDtls(rx, len, from, now);
                }
            }
            case RTP -> {
                Transport t = byAddress.get(from);
                if (t == null) {
                    drops.count(DropReason.UNKNOWN_SENDER);
                } else {
                    t.onSrtp(len, now);
                }
            }
            case RTCP -> {
                Transport t = byAddress.get(from);
                if (t == null) {
                    drops.count(DropReason.UNKNOWN_SENDER);
                } else {
                    t.onSrtcp(len, now);
                }
            }
            case ZRTP, TURN_CHANNEL -> drops.count(DropReason.UNSUPPORTED_KIND);
            default -> drops.count(DropReason.UNCLASSIFIABLE);
        }
    }

    private void onStun(int len, InetSocketAddress from, long now) {
        if (stun.wrap(rx, 0, len) != null) {
            drops.count(DropReason.STUN_MALFORMED);
            return;
        }
        if (!stun.isBinding() || stun.messageClass() != StunMessageClass.REQUEST) {
            drops.count(DropReason.STUN_NOT_BINDING_REQUEST);
            return;
        }
        if (StunBindingServer.isPlain(stun)) {
            // No credentials: a browser asking for its server-reflexive address, never an ICE check.
            DropReason refused = bindingServer.answer(stun, from);
            if (refused != null) {
                drops.count(refused);
            }
            return;
        }
        Transport t = byAddress.get(from);
        if (t == null) {
            t = transportAddressedBy(stun);
            if (t == null) {
                drops.count(DropReason.STUN_UNKNOWN_UFRAG);
                return;
            }
        }
        t.onBindingRequest(stun, from, now);
    }

    /** A linear scan: only binding requests from new addresses come here, a few per transport. */
    private Transport transportAddressedBy(StunMessage request) {
        for (int i = 0, n = transports.size(); i < n; i++) {
            Transport t = transports.get(i);
            if (t.ice.isAddressedTo(request)) {
                return t;
            }
        }
        return null;
    }

    // ---- sending ----

    /** Queues {@code buf[off, off+len)} to {@code to}; flushed at the end of the read batch. */
    void send(byte[] buf, int off, int len, InetSocketAddress to) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        ByteBuf out = ch.alloc().directBuffer(len);
        out.writeBytes(buf, off, len);
        ch.write(new DatagramPacket(out, to), ch.voidPromise());
    }

    /** Flushes what {@link #send} queued: after timers and commands, which run outside a read batch. */
    void flush() {
        Channel ch = channel;
        if (ch != null) {
            ch.flush();
        }
    }

    /** Sends now: for what is sent outside a read batch (timers, DTLS flights, commands). */
    void sendNow(byte[] buf, int off, int len, InetSocketAddress to) {
        send(buf, off, len, to);
        flush();
    }

    // ---- routing table, changed by transports on this loop ----

    void route(InetSocketAddress address, Transport t) {
        byAddress.put(address, t);
    }

    void unroute(InetSocketAddress address, Transport t) {
        byAddress.remove(address, t);
    }

    void attach(Transport t) {
        transports.add(t);
    }

    void detach(Transport t) {
        transports.remove(t);
    }

    // ---- timers ----

    private void tick() {
        long now = System.nanoTime();
        List<Transport> expired = null;
        for (Transport t : transports) {
            if (t.ice.consentExpired(now)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(t);
            }
        }
        if (expired != null) {
            for (Transport t : expired) {
                t.close("CONSENT_EXPIRED");
            }
        }
        if (now - lastReportAt >= REPORT_INTERVAL_NANOS) {
            lastReportAt = now;
            for (Transport t : transports) {
                t.sendReceiverReports(now);
            }
        }
        flush();
    }

    // ---- counters ----

    /** Node counters of this loop, read on the loop. */
    void addNodeCounters(Map<String, Long> dropsOut, long[] datagrams) {
        drops.addTo(dropsOut);
        datagrams[0] += datagramsReceived;
        datagrams[1] += bindingServer.answered();
        datagrams[2] += rtpForwarded;
    }

    int transportCount() {
        return transports.size();
    }
}
