package org.canal.server.metrics;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaControl;
import org.canal.media.api.NodeStats;

/**
 * The media engine's node counters ({@code DescribeNode}) as of at most {@link #MAX_AGE} ago: a scrape
 * asks the engine once, not once per meter, and scrapes closer together than that share one answer.
 * {@link #refresh()} runs on the metrics listener's context; the meters read {@link #latest()} from any
 * thread.
 */
final class MediaStatsCache {
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(MediaStatsCache.class.getName());

    private final MediaControl media;
    private final LongSupplier nanoTime;
    private volatile NodeStats latest = new NodeStats(0, 0, 0, 0, 0, Map.of());
    private boolean fetched;
    private long fetchedAt;
    private Future<Void> inFlight;

    MediaStatsCache(MediaControl media, LongSupplier nanoTime) {
        this.media = media;
        this.nanoTime = nanoTime;
    }

    NodeStats latest() {
        return latest;
    }

    /**
     * Asks the engine unless the last answer is younger than {@link #MAX_AGE}. Never fails: when the
     * engine does not answer, the meters keep the last values (counters must not go back to zero).
     */
    Future<Void> refresh() {
        if (inFlight != null) {
            return inFlight;
        }
        if (fetched && nanoTime.getAsLong() - fetchedAt < MAX_AGE.toNanos()) {
            return Future.succeededFuture();
        }
        Future<Void> asked = media.send(new MediaCommand.DescribeNode()).<Void>map(stats -> {
            latest = stats;
            fetched = true;
            fetchedAt = nanoTime.getAsLong();
            return null;
        }).recover(failure -> {
            LOG.log(System.Logger.Level.DEBUG, "media engine did not describe the node: {0}", failure.getMessage());
            return Future.succeededFuture();
        }).eventually(() -> {
            inFlight = null;
            return Future.succeededFuture();
        });
        // an answer already here completed the chain before inFlight was set: do not keep a stale one
        inFlight = asked.isComplete() ? null : asked;
        return asked;
    }
}
