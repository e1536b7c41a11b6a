package org.canal.signaling.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.signaling.Grants;
import org.canal.signaling.Ids;
import org.canal.signaling.TrackSource;
import org.canal.signaling.sdp.SubscribeSection;
import org.canal.signaling.sdp.SubscriberSections;

/**
 * One participant's session in a call: identity, the socket it is attached to (none while it waits
 * to be resumed), and the state of its two connections. Owned by the call's context: only that
 * context reads or writes it.
 */
final class Session {
    final String id = Ids.random(16);
    final String resumeSecret = Ids.random(32);
    final String participantId;
    final String name;
    /** What the join token allows this session (docs/tokens.md, "Grants"), less what a moderator took away. */
    Grants grants;
    /** A moderator made it listen-only: its publish transport is closed and its offers to send are refused. */
    boolean listenOnly;
    /** It declared {@code features: ["p2p"]} in {@code join}: it may run P2P and gets {@code media} messages. */
    boolean p2pCapable;
    /**
     * Its call runs P2P and it has no SFU media: its publish is refused MEDIA_MODE and no subscribe
     * offer is made to it ({@link P2pCoordinator}).
     */
    boolean sfuOff;
    /** The o= session id of every SDP Canal writes for this session (RFC 8829 section 5.2.1). */
    final long sdpSessionId = Ids.randomPositive63();

    Connection connection;
    long graceTimer = -1;
    /** The client said its page is unloading: if its socket drops now, the shorter unload grace applies. */
    boolean unloading;
    boolean ended;

    // publish connection: the browser offers
    LocalTransport publishTransport;
    RemoteTransport publishRemote;
    List<PublishedTrack> published = List.of();
    /** The source of each published track by its mid, as the offer that published them declared (or defaulted). */
    Map<String, TrackSource> publishedSources = Map.of();
    long publishSdpVersion;
    /** ICE restarts of the publish transport (an offer with new ICE credentials), for diagnostics. */
    int publishIceRestarts;
    /** Publishes run one after another: each waits for the previous one's media commands. */
    Future<?> publishChain = Future.succeededFuture();

    // subscribe connection: Canal offers
    final SubscriberSections sections = new SubscriberSections(Ids::randomUnsigned32);
    LocalTransport subscribeTransport;
    RemoteTransport subscribeRemote;
    boolean openingSubscribe;
    boolean negotiationScheduled;
    /** An offer went out and its answer has not been applied yet; changes meanwhile wait for it. */
    boolean offerOutstanding;
    boolean applyingAnswer;
    /** The subscribe transport was (re)opened: the next negotiation must offer even without changes. */
    boolean needsOffer;
    long revision;
    long answeredRevision;
    JsonObject latestOffer;
    /** The client asked for an ICE restart: the next offer carries new local ICE credentials. */
    boolean iceRestartWanted;
    /** RestartIce is on its way to the media engine; the offer waits for the new credentials. */
    boolean restartingIce;
    /** ICE restarts of the subscribe transport, for diagnostics. */
    int subscribeIceRestarts;
    List<SubscribeSection> offeredSections = List.of();

    // what the media engine and the browser report, for diagnostics
    String publishState = "NONE";
    String subscribeState = "NONE";
    String srtpProfile;
    JsonObject latestStats;
    long latestStatsAt;

    Session(String participantId, String name, Grants grants) {
        this.participantId = participantId;
        this.name = name;
        this.grants = grants;
    }

    /** The source of a track this session publishes: as its offer declared, else the kind's default. */
    TrackSource sourceOf(PublishedTrack t) {
        return publishedSources.getOrDefault(t.mid(), TrackSource.defaultFor(t.kind()));
    }

    void send(JsonObject message) {
        if (connection != null) {
            connection.send(message);
        }
    }
}
