package org.canal.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.canal.media.MediaOptions;
import org.canal.media.MediaVerticle;
import org.canal.media.api.MediaControl;
import org.canal.media.api.NodeStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache against the real media engine on 127.0.0.1, with a hand-driven clock: a refresh within a
 * second of the last answer keeps it (the datagrams sent meanwhile do not show), one after a second asks
 * again and shows them; a refresh never fails.
 */
class MediaStatsCacheTest {
    static final String NODE = "cache-test";
    Vertx vertx;
    MediaVerticle engine;
    Context context;
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        engine = new MediaVerticle(NODE, MediaOptions.defaults().withBindAddress("127.0.0.1")
                .withAdvertisedAddresses(List.of("127.0.0.1")).withPort(0));
        vertx.deployVerticle(engine).await(30, TimeUnit.SECONDS);
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void answersYoungerThanASecondAreSharedAndOlderOnesAreRenewed() throws Exception {
        MediaStatsCache cache = new MediaStatsCache(new MediaControl(vertx, NODE), now::get);
        refresh(cache);
        long before = cache.latest().datagramsReceived();

        sendJunk(3);
        now.addAndGet(Duration.ofMillis(900).toNanos());
        refresh(cache);
        assertThat(cache.latest().datagramsReceived()).as("within a second: the cached answer").isEqualTo(before);

        now.addAndGet(Duration.ofMillis(200).toNanos());
        refresh(cache);
        NodeStats renewed = cache.latest();
        assertThat(renewed.datagramsReceived()).isEqualTo(before + 3);
        assertThat(renewed.drops().get("UNCLASSIFIABLE")).isEqualTo(3L);
    }

    @Test
    void anEngineThatDoesNotAnswerLeavesTheLastValues() throws Exception {
        // no engine listens on this node id's address: the request fails, the refresh does not
        MediaStatsCache cache = new MediaStatsCache(new MediaControl(vertx, "no-such-node"), now::get);
        refresh(cache);
        assertThat(cache.latest().datagramsReceived()).isZero();
        assertThat(cache.latest().drops()).isEmpty();
    }

    void refresh(MediaStatsCache cache) throws Exception {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> cache.refresh().onComplete(done));
        Future<Void> refreshed = done.future();
        refreshed.await(30, TimeUnit.SECONDS);
        assertThat(refreshed.succeeded()).isTrue();
    }

    /** Datagrams whose first byte (255) is neither STUN, DTLS nor RTP/RTCP (RFC 7983). */
    void sendJunk(int count) throws Exception {
        InetSocketAddress media = new InetSocketAddress(InetAddress.getLoopbackAddress(), engine.ports().get(0));
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] junk = {(byte) 0xFF, 1, 2, 3};
            for (int i = 0; i < count; i++) {
                udp.send(new DatagramPacket(junk, junk.length, media));
            }
        }
        // the engine counts on its loop; ask until the count is there so the next step is not a race
        MediaControl control = new MediaControl(vertx, NODE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            NodeStats stats = control.send(new org.canal.media.api.MediaCommand.DescribeNode()).await(30, TimeUnit.SECONDS);
            if (stats.drops().getOrDefault("UNCLASSIFIABLE", 0L) >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the engine did not count " + count + " datagrams");
    }
}
