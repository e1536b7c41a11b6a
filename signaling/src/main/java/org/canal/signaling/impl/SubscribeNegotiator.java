package org.canal.signaling.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.sdp.RemoteTrack;
import org.canal.signaling.sdp.SdpNegotiationException;
import org.canal.signaling.sdp.SubscribeAnswer;
import org.canal.signaling.sdp.SubscribeAnswerReader;
import org.canal.signaling.sdp.SubscribeOfferWriter;
import org.canal.signaling.sdp.SubscribeSection;

/**
 * A call's subscribe connections: Canal offers, the browser answers (docs/signaling.md). Negotiation
 * is server-driven: when a participant publishes, unpublishes or leaves, every other session is
 * scheduled ({@link #schedule}); changes that arrive while a session's offer is outstanding wait for
 * its answer and then go out together in one new offer, under the next revision. Owned by its
 * {@link Call}: runs only on the call's context, so the session's fields need no lock.
 */
final class SubscribeNegotiator {
    private static final System.Logger LOG = System.getLogger(SubscribeNegotiator.class.getName());

    private final Call call;
    private final Context context;
    private final SignalingImpl node;

    SubscribeNegotiator(Call call, Context context, SignalingImpl node) {
        this.call = call;
        this.context = context;
        this.node = node;
    }

    void schedule(Session s) {
        if (s.ended || s.negotiationScheduled) {
            return;
        }
        s.negotiationScheduled = true;
        // run after the current task, so that a burst of changes makes one offer
        context.runOnContext(v -> {
            s.negotiationScheduled = false;
            negotiate(s);
        });
    }

    private void negotiate(Session s) {
        if (s.ended || s.sfuOff) {
            return; // a session on P2P is offered nothing (docs/signaling.md, "Media mode")
        }
        if (s.offerOutstanding || s.applyingAnswer || s.openingSubscribe || s.restartingIce) {
            return; // negotiate() runs again when the answer is applied or the transport is open
        }
        if (s.iceRestartWanted && s.subscribeTransport != null) {
            restartIceThenOffer(s);
            return;
        }
        boolean changed = s.sections.reconcile(wanted(s));
        if (s.sections.sections().isEmpty() || !(changed || s.subscribeTransport == null || s.needsOffer)) {
            return;
        }
        if (s.subscribeTransport == null) {
            s.openingSubscribe = true;
            node.media().send(new MediaCommand.OpenTransport(call.callId, s.id, TransportDirection.SUBSCRIBE))
                    .onComplete(ar -> {
                        s.openingSubscribe = false;
                        if (ar.failed()) {
                            call.refuse(s, ar.cause(), null);
                        } else if (s.sfuOff) {
                            // the call went P2P meanwhile
                            node.media().send(new MediaCommand.CloseTransport(ar.result().transportId()));
                        } else if (!s.ended) {
                            s.subscribeTransport = ar.result();
                            s.iceRestartWanted = false; // a new transport has fresh credentials anyway
                            s.needsOffer = true;
                            negotiate(s);
                        }
                    });
            return;
        }
        s.needsOffer = false;
        List<SubscribeSection> offered = s.sections.markOffered();
        s.revision++;
        SessionDescription sdp = SubscribeOfferWriter.offer(Origin.jsep(s.sdpSessionId, s.revision),
                s.subscribeTransport, offered);
        s.offeredSections = offered;
        s.offerOutstanding = true;
        s.latestOffer = ServerMessages.subscribeOffer(s.revision, sdp.write(), offered);
        s.send(s.latestOffer);
    }

    /**
     * The client asked for an ICE restart on its subscribe connection (its network changed): the next
     * offer, at once or after the outstanding one's answer, carries new local ICE credentials. Without a
     * subscribe transport there is nothing to restart: its first offer has fresh credentials anyway.
     */
    void restartIce(Session s) {
        if (s.subscribeTransport == null) {
            return;
        }
        s.iceRestartWanted = true;
        schedule(s);
    }

    /**
     * RestartIce on the subscribe transport (the browser's new ufrag comes with its answer, through
     * ConnectTransport), then a new offer with the new credentials and the same sections (RFC 8829
     * section 5.2.1: an offer with new ICE credentials restarts ICE).
     */
    private void restartIceThenOffer(Session s) {
        s.iceRestartWanted = false;
        s.restartingIce = true;
        node.media().send(new MediaCommand.RestartIce(s.subscribeTransport.transportId(), null)).onComplete(ar -> {
            s.restartingIce = false;
            if (ar.failed()) {
                // the transport closed meanwhile: its close event opens a new one with a new offer
                LOG.log(System.Logger.Level.DEBUG, "RestartIce failed: {0}", ar.cause().getMessage());
            } else if (!s.ended && s.subscribeTransport != null
                    && s.subscribeTransport.transportId().equals(ar.result().transportId())) {
                s.subscribeTransport = ar.result();
                s.subscribeIceRestarts++;
                s.needsOffer = true;
            }
            negotiate(s);
        });
    }

    /** The tracks a session should receive: every other session's published tracks, in join order (none without the subscribe grant). */
    private List<RemoteTrack> wanted(Session s) {
        List<RemoteTrack> wanted = new ArrayList<>();
        if (!s.grants.subscribe()) {
            return wanted; // no subscribe grant: no subscribe connection at all
        }
        for (Session o : call.others(s)) {
            for (PublishedTrack t : o.published) {
                wanted.add(new RemoteTrack(t.trackId(), o.participantId, t.kind(),
                        t.kind().name().toLowerCase(Locale.ROOT) + '-' + t.mid(), o.sourceOf(t)));
            }
        }
        return wanted;
    }

    void answer(Session s, ClientMessage.SubscribeAnswer message) {
        if (!s.offerOutstanding || message.revision() != s.revision) {
            call.refuse(s, ErrorCode.STALE_REVISION, "the latest offer is revision " + s.revision, message.id());
            return;
        }
        SubscribeAnswer answer;
        try {
            answer = SubscribeAnswerReader.read(SessionDescription.parse(message.sdp()), s.offeredSections);
        } catch (MalformedInputException | SdpNegotiationException e) {
            call.refuse(s, ErrorCode.BAD_SDP, e.getMessage(), message.id());
            return;
        }
        s.offerOutstanding = false;
        s.applyingAnswer = true;
        s.answeredRevision = message.revision();
        s.sections.markRejected(answer.rejected());
        LocalTransport local = s.subscribeTransport;
        Future<Void> connect = answer.remote() == null || answer.remote().equals(s.subscribeRemote)
                ? Future.succeededFuture()
                : node.media().send(new MediaCommand.ConnectTransport(local.transportId(), answer.remote()))
                        .onSuccess(v -> s.subscribeRemote = answer.remote());
        connect.compose(v -> node.media().send(new MediaCommand.SetSubscribedTracks(local.transportId(),
                subscribedTracks(s.offeredSections, answer)))).onComplete(ar -> {
                    s.applyingAnswer = false;
                    if (ar.failed() && !s.ended) {
                        call.refuse(s, ar.cause(), message.id());
                    }
                    negotiate(s);
                });
    }

    /** What the answer accepted of the offered sections, for tracks still published. */
    private List<SubscribedTrack> subscribedTracks(List<SubscribeSection> offered, SubscribeAnswer answer) {
        Set<String> published = new HashSet<>();
        call.sessionsInJoinOrder().forEach(o -> o.published.forEach(t -> published.add(t.trackId())));
        List<SubscribedTrack> tracks = new ArrayList<>();
        for (SubscribeSection section : offered) {
            SubscribeAnswer.Accepted a = answer.accepted().get(section.mid());
            if (section.active() && a != null && published.contains(section.track().trackId())) {
                tracks.add(new SubscribedTrack(section.track().trackId(), section.mid(), section.ssrc(),
                        List.of(a.codec()), a.extensions()));
            }
        }
        return tracks;
    }

    /** A resumed socket (not a reload) gets the offer whose answer is still awaited, in case its old socket missed it. */
    void resendOutstandingOffer(Session s) {
        if (s.offerOutstanding && s.latestOffer != null) {
            s.send(s.latestOffer);
        }
    }

    /** The media engine closed the subscribe transport: a new transport, new ICE credentials: the next offer restarts ICE with the same sections. */
    void transportClosed(Session s, String reason) {
        forgetTransport(s, "CLOSED " + reason);
        schedule(s);
    }

    /**
     * A reloaded page's PeerConnection is gone: close the subscribe transport, forget it before its
     * close event arrives, and offer the same sections again on a new transport.
     */
    void pageReloaded(Session s) {
        closeTransport(s);
        forgetTransport(s, "CLOSED RELOAD");
        schedule(s);
    }

    /** A completed P2P epoch: the subscribe transport closes at once; no offer is made while the session's SFU media is off. */
    void sfuMediaOff(Session s) {
        closeTransport(s);
        forgetTransport(s, "CLOSED p2p");
    }

    /** An SFU epoch: the session is offered the others' tracks again. */
    void sfuMediaOn(Session s) {
        s.needsOffer = true;
        schedule(s);
    }

    private void closeTransport(Session s) {
        if (s.subscribeTransport != null) {
            node.media().send(new MediaCommand.CloseTransport(s.subscribeTransport.transportId()))
                    .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "CloseTransport failed: {0}", e.getMessage()));
        }
    }

    /** Forgets the subscribe transport (its state in diagnostics becomes {@code state}); the next negotiation opens a new one and offers. */
    private void forgetTransport(Session s, String state) {
        if (s.subscribeTransport != null) {
            s.subscribeState = state;
        }
        s.subscribeTransport = null;
        s.subscribeRemote = null;
        s.offerOutstanding = false;
        s.needsOffer = true;
    }
}
