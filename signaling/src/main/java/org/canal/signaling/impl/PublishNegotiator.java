package org.canal.signaling.impl;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.TrackSource;
import org.canal.signaling.sdp.PublishAnswerBuilder;
import org.canal.signaling.sdp.PublishNegotiation;
import org.canal.signaling.sdp.SdpNegotiationException;

/**
 * A call's publish connections: the browser offers, Canal answers (docs/signaling.md). An offer is
 * checked against the session's grants and declared sources before any media command; a new offer
 * with new ICE credentials restarts ICE on the same transport. Each session's publishes, and the
 * closings that moderation or the media mode ask for, run one after another in its publish chain.
 * Owned by its {@link Call}: runs only on the call's context.
 */
final class PublishNegotiator {
    private static final System.Logger LOG = System.getLogger(PublishNegotiator.class.getName());

    private final Call call;
    private final SignalingImpl node;
    private final SubscribeNegotiator subscribing;

    PublishNegotiator(Call call, SignalingImpl node, SubscribeNegotiator subscribing) {
        this.call = call;
        this.node = node;
        this.subscribing = subscribing;
    }

    /** A {@code publish} request: negotiated after any publish of the session still under way. */
    void offer(Session s, ClientMessage.Publish message) {
        s.publishChain = s.publishChain.transform(ignored -> publish(s, message));
    }

    private Future<Void> publish(Session s, ClientMessage.Publish message) {
        if (s.ended) {
            return Future.succeededFuture();
        }
        if (s.sfuOff) {
            call.refuse(s, ErrorCode.MEDIA_MODE, "the call runs peer-to-peer: this session sends no media to the SFU",
                    message.id());
            return Future.succeededFuture();
        }
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(message.sdp());
        } catch (MalformedInputException e) {
            call.refuse(s, ErrorCode.BAD_SDP, "the offer could not be parsed: " + e.getMessage(), message.id());
            return Future.succeededFuture();
        }
        Map<String, TrackSource> sources;
        try {
            sources = PublishPermission.sources(offer, message.sources(), message.id());
        } catch (SignalingException e) {
            call.refuse(s, e.code(), e.getMessage(), message.id());
            return Future.succeededFuture();
        }
        String denied = PublishPermission.refusal(offer, sources, s.grants);
        if (denied != null && s.listenOnly) {
            denied = "a moderator made this participant listen-only; offer no sending sections";
        }
        if (denied != null) {
            // before any media command: a session without the grant opens no transport
            call.refuse(s, ErrorCode.NOT_ALLOWED, denied, message.id());
            return Future.succeededFuture();
        }
        Future<LocalTransport> transport = s.publishTransport != null ? Future.succeededFuture(s.publishTransport)
                : node.media().send(new MediaCommand.OpenTransport(call.callId, s.id, TransportDirection.PUBLISH))
                        .onSuccess(t -> s.publishTransport = t);
        return transport.compose(local -> {
            Origin origin = Origin.jsep(s.sdpSessionId, ++s.publishSdpVersion);
            PublishNegotiation n;
            try {
                n = PublishAnswerBuilder.answer(offer, local, s.id, origin);
            } catch (SdpNegotiationException e) {
                return Future.failedFuture(new SignalingException(ErrorCode.BAD_SDP, e.getMessage()));
            }
            if (!isIceRestart(s.publishRemote, n.remote())) {
                return connectAndPublish(s, local, n);
            }
            if (!n.remote().fingerprint().equalsIgnoreCase(s.publishRemote.fingerprint())) {
                return Future.failedFuture(new SignalingException(ErrorCode.BAD_SDP,
                        "an ICE restart keeps the DTLS association: the fingerprint cannot change (RFC 8842 section 5)"));
            }
            // RFC 8839 section 4.4.1.1.1: new ICE credentials in an offer restart ICE; the answer carries new ones too
            return node.media().send(new MediaCommand.RestartIce(local.transportId(), n.remote().iceUfrag()))
                    .compose(fresh -> {
                        s.publishTransport = fresh;
                        s.publishIceRestarts++;
                        try {
                            return connectAndPublish(s, fresh, PublishAnswerBuilder.answer(offer, fresh, s.id, origin));
                        } catch (SdpNegotiationException e) {
                            return Future.failedFuture(new SignalingException(ErrorCode.BAD_SDP, e.getMessage()));
                        }
                    });
        }).onSuccess(n -> {
            if (s.ended) {
                return;
            }
            s.published = n.tracks();
            s.publishedSources = sources;
            s.send(ServerMessages.publishAnswer(message.id(), n.answer().write()));
            call.others(s).forEach(subscribing::schedule);
        }).onFailure(e -> call.refuse(s, e, message.id())).<Void>mapEmpty().otherwiseEmpty();
    }

    /**
     * Whether the browser's new description restarts ICE: its ufrag or pwd differs from those of the
     * transport's current remote end (RFC 8839 section 4.4.1.1.1). A first description is no restart.
     */
    private static boolean isIceRestart(RemoteTransport current, RemoteTransport next) {
        return current != null && next != null
                && !(current.iceUfrag().equals(next.iceUfrag()) && current.icePwd().equals(next.icePwd()));
    }

    private Future<PublishNegotiation> connectAndPublish(Session s, LocalTransport local, PublishNegotiation n) {
        Future<Void> connect = n.remote().equals(s.publishRemote) ? Future.succeededFuture()
                : node.media().send(new MediaCommand.ConnectTransport(local.transportId(), n.remote()))
                        .onSuccess(v -> s.publishRemote = n.remote());
        return connect.compose(v -> node.media().send(new MediaCommand.SetPublishedTracks(local.transportId(),
                n.tracks()))).map(v -> n);
    }

    /**
     * Closes the session's publish transport after any publish already under way (listen-only, a
     * completed P2P epoch), so that the SFU receives nothing from it whatever its browser does; the
     * others are renegotiated without its tracks.
     */
    void stopAfterPending(Session s, String state) {
        s.publishChain = s.publishChain.transform(ignored -> stopPublishing(s, state));
    }

    private Future<Void> stopPublishing(Session s, String state) {
        LocalTransport local = s.publishTransport;
        if (s.ended || local == null) {
            return Future.succeededFuture();
        }
        forgetTransport(s, state);
        return node.media().send(new MediaCommand.CloseTransport(local.transportId()))
                .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "CloseTransport failed: {0}", e.getMessage()))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** The media engine closed the publish transport: the browser must offer again (ICE restart); its tracks are gone for everyone. */
    void transportClosed(Session s, String reason) {
        forgetTransport(s, "CLOSED " + reason);
    }

    /**
     * A reloaded page's PeerConnection is gone: close the publish transport now and forget it before
     * its close event arrives, so that a new publish offer opens a fresh transport instead of
     * reconnecting the old one.
     */
    void pageReloaded(Session s) {
        if (s.publishTransport == null) {
            return;
        }
        node.media().send(new MediaCommand.CloseTransport(s.publishTransport.transportId()))
                .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "CloseTransport failed: {0}", e.getMessage()));
        forgetTransport(s, "CLOSED RELOAD");
    }

    /** Forgets the publish transport and its tracks; the others are renegotiated without them. */
    private void forgetTransport(Session s, String state) {
        s.publishState = state;
        s.publishTransport = null;
        s.publishRemote = null;
        s.published = List.of();
        call.others(s).forEach(subscribing::schedule);
    }
}
