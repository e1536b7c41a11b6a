// Canal's P2P media for two-person calls (docs/p2p.md, decision 0009): the node decides the call's media
// mode per epoch (`joined.media`, then `media`), and this module follows it for one CanalClient.
//
//   p2p, no peer   alone in a P2P-eligible call: nothing is published to the SFU.
//   p2p, a peer    a third RTCPeerConnection straight to the peer, negotiated with `p2pSignal` through the
//                  node (perfect negotiation, W3C WebRTC section 10.7: `offerer` is impolite, `answerer`
//                  polite), trickling candidates; it carries the microphone, camera and screen.
//   sfu            the client's publish and subscribe connections, as canal.js makes them.
//
// Make-before-break: the old path stays up until the node says `mediaSwitched {epoch}`. Meanwhile the new
// path's `track` events are held back until it carries media (its first decoded frame), so a page that
// moves a tile on `track` never shows a path that has not started yet. `mediaReady {epoch}` tells the
// node this client receives its peer over the new path.

/** How often the new path is checked for media while an epoch waits for mediaReady. */
const READY_POLL_MS = 100;
/**
 * Video frames the new path must have decoded from the peer before mediaReady: one frame proves the
 * path, a few more (about half a second at Chromium's 30 fps) that it keeps going, since the old path
 * closes right after (a new stream may stall once more while its first keyframe requests settle).
 */
const READY_FRAMES = 15;
/** Error codes that belong to switching and need no page's attention (docs/signaling.md, "Media mode"). */
export const QUIET_ERRORS = new Set(['STALE_EPOCH', 'MEDIA_MODE']);

export class P2pMedia {
  constructor(client) {
    this.client = client;
    this.enabled = true; // join({p2p: false}) opts out: the node then keeps this session on the SFU
    this.epoch = null; // {epoch, mode, peer, role, relayOnly, formerPeer, ready, switched}: the current one
    this.pc = null; // the P2P connection of the current p2p epoch with a peer
    this.link = null; // negotiation state of this.pc
    this.held = []; // `track` details of the new path, emitted once it carries media
    this.retired = new Map(); // participant -> video frames decoded on connections closed since
    this.readyTimer = null;
    this.chain = Promise.resolve(); // media, p2pSignal and mediaSwitched apply one at a time, in order
  }

  /** The `features` a join declares. */
  features() {
    return this.enabled ? ['p2p'] : [];
  }

  get mode() {
    return this.epoch ? this.epoch.mode : 'sfu';
  }

  /** The P2P peer's participant id while in a p2p epoch with a peer, else null. */
  get peer() {
    return this.epoch && this.epoch.mode === 'p2p' ? this.epoch.peer : null;
  }

  // `joined` (a join, or a reloaded page's resume): the call's media as it is now. Returns whether the
  // client publishes on the SFU.
  joined(media) {
    this.epoch = null;
    if (!media) {
      return true; // a node without media modes: the SFU only
    }
    this.enter(media, true);
    return media.mode !== 'p2p';
  }

  /** A `media`, `p2pSignal` or `mediaSwitched` from the node. */
  handle(message) {
    this.chain = this.chain.then(() => {
      if (message.type === 'media') {
        return this.media(message);
      }
      if (message.type === 'mediaSwitched') {
        return this.switched(message.epoch);
      }
      return this.signal(message);
    }).catch((error) => this.client.fail('INTERNAL', String(error && error.message || error)));
    return this.chain;
  }

  async media(message) {
    const e = this.epoch;
    if (e && e.epoch === message.epoch) {
      // The same epoch again (after a resume): the mediaReady may have been lost with the old socket.
      if (e.ready && !e.switched) {
        this.sendReady();
      }
      return;
    }
    this.enter(message, false);
  }

  enter(media, atJoin) {
    const before = this.epoch;
    const formerPeer = before && before.mode === 'p2p' ? before.peer : null;
    const e = { epoch: media.epoch, mode: media.mode === 'p2p' ? 'p2p' : 'sfu', peer: media.peer || null,
      role: media.role, relayOnly: Boolean(media.relayOnly), formerPeer, ready: false, switched: false };
    this.epoch = e;
    clearInterval(this.readyTimer);
    this.readyTimer = null;
    this.held = []; // tracks held for an epoch that never got ready: its path is abandoned
    if (this.pc && e.mode === 'p2p') {
      this.closeP2p(); // each p2p epoch negotiates its own connection; the node relays only its signals
    }
    if (e.mode === 'p2p' && e.peer !== null) {
      this.openP2p(e);
    } else if (e.mode === 'sfu' && !atJoin && !this.client.publishPc && this.client.state !== 'ended'
        && this.client.grants && (this.client.grants.publish || []).length > 0) {
      // Back on the SFU: publish as at join (a listener does not); the node sends the subscribe offer.
      this.client.publish().catch((error) => this.client.fail('INTERNAL', String(error && error.message || error)));
    }
    // Joined on the SFU, or alone: there is no new path to wait for.
    const nothingToWaitFor = (e.mode === 'sfu' && atJoin) || (e.mode === 'p2p' && e.peer === null);
    this.client.emit('mediamode', { mode: e.mode, peer: e.peer, epoch: e.epoch, switched: atJoin && nothingToWaitFor });
    if (nothingToWaitFor) {
      e.ready = true;
      if (!atJoin) {
        this.sendReady();
      }
      return;
    }
    this.readyTimer = setInterval(() => this.checkReady(), READY_POLL_MS);
  }

  sendReady() {
    this.client.send({ type: 'mediaReady', epoch: this.epoch.epoch });
  }

  // Polls the new path: once it carries the peer's media, mediaReady and the held tracks go out.
  async checkReady() {
    const e = this.epoch;
    if (!e || e.ready || this.checking) {
      return;
    }
    this.checking = true;
    try {
      const ready = e.mode === 'p2p' ? await this.p2pCarriesPeer() : await this.sfuCarries(e.formerPeer);
      if (ready && this.epoch === e && !e.ready) {
        e.ready = true;
        clearInterval(this.readyTimer);
        this.readyTimer = null;
        this.sendReady();
        this.release();
      }
    } finally {
      this.checking = false;
    }
  }

  async p2pCarriesPeer() {
    const pc = this.pc;
    if (!pc || pc.connectionState !== 'connected') {
      return false;
    }
    const camera = cameraTransceiver(pc);
    if (!camera || !receives(camera)) {
      return true; // the peer sends no video: connected is enough
    }
    return (await videoFrames(camera.receiver)) >= READY_FRAMES;
  }

  // The subscribe connection carries `peer` (the former P2P peer): its video decodes, or, when it sends
  // none, the connection is up with its other tracks.
  async sfuCarries(peer) {
    const c = this.client;
    const pc = c.subscribePc;
    if (peer === null) {
      return Boolean(c.publishPc && c.publishPc.connectionState === 'connected');
    }
    if (!pc || pc.connectionState !== 'connected') {
      return false;
    }
    const sections = [...c.tracksByMid.entries()].filter(([, t]) => t.participant === peer);
    const video = sections.filter(([, t]) => t.kind === 'video');
    if (video.length === 0) {
      return sections.length > 0 && !this.peerSentVideo;
    }
    for (const transceiver of pc.getTransceivers()) {
      if (video.some(([mid]) => mid === String(transceiver.mid)) && (await videoFrames(transceiver.receiver)) >= READY_FRAMES) {
        return true;
      }
    }
    return false;
  }

  // `mediaSwitched {epoch}`: both sides are on the new path; the old one closes.
  async switched(epoch) {
    const e = this.epoch;
    if (!e || e.epoch !== epoch || e.switched) {
      return; // an older epoch's, or already done
    }
    e.switched = true;
    e.ready = true;
    clearInterval(this.readyTimer);
    this.readyTimer = null;
    this.release();
    if (e.mode === 'p2p') {
      await this.closeSfu();
    } else {
      this.closeP2p();
    }
    this.client.emit('mediamode', { mode: e.mode, peer: e.peer, epoch: e.epoch, switched: true });
  }

  // ---- the P2P connection

  openP2p(e) {
    const c = this.client;
    const config = { iceServers: c.iceServers || [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
    if (e.relayOnly) {
      config.iceTransportPolicy = 'relay'; // the peers see only the TURN server's addresses (docs/p2p.md)
    }
    const pc = new RTCPeerConnection(config);
    const link = { peer: e.peer, epoch: e.epoch, polite: e.role !== 'offerer', makingOffer: false,
      ignoreOffer: false, answered: false };
    this.pc = pc;
    this.link = link;
    this.peerSentVideo = false;
    pc.addEventListener('negotiationneeded', () => this.offer(pc, link));
    pc.addEventListener('icecandidate', (event) => {
      if (this.pc === pc) {
        this.sendSignal(link, { candidate: event.candidate ? event.candidate.toJSON() : null });
      }
    });
    pc.addEventListener('track', (event) => this.onTrack(pc, link, event));
    pc.addEventListener('iceconnectionstatechange', () => {
      if (this.pc === pc && pc.iceConnectionState === 'failed') {
        // A network change: new ICE credentials through a renegotiation (negotiationneeded), same DTLS.
        pc.restartIce();
      }
    });
    if (!link.polite) {
      // The offerer makes the camera and microphone sections; the answerer's tracks go on those same
      // sections (sendrecv), so both cameras share one video section and a screen is any other.
      for (const kind of ['audio', 'video']) {
        const track = this.localTrack(kind);
        pc.addTransceiver(track || kind, { direction: track ? 'sendrecv' : 'recvonly',
          streams: track ? [c.stream] : [] });
      }
      this.syncScreen();
    }
  }

  localTrack(kind) {
    const c = this.client;
    if (!c.stream || !c.grants || !(c.grants.publish || []).includes(kind === 'audio' ? 'audio' : 'video')) {
      return null;
    }
    return c.stream.getTracks().find((t) => t.kind === kind && t.readyState === 'live') || null;
  }

  async offer(pc, link) {
    if (this.pc !== pc || (link.polite && !link.answered)) {
      return; // the answerer waits for the offerer's first offer, which makes the shared sections
    }
    try {
      link.makingOffer = true;
      await pc.setLocalDescription();
      this.sendSignal(link, { description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
    } catch (error) {
      // A connection closed meanwhile, or a collision resolved by the polite side: nothing to do.
    } finally {
      link.makingOffer = false;
    }
  }

  sendSignal(link, fields) {
    this.client.send(Object.assign({ type: 'p2pSignal', epoch: link.epoch }, fields));
  }

  async signal(message) {
    const pc = this.pc;
    const link = this.link;
    if (!pc || !link || message.epoch !== link.epoch) {
      return; // a signal of another epoch: its connection is gone
    }
    if (message.description) {
      const description = message.description;
      const collision = description.type === 'offer' && (link.makingOffer || pc.signalingState !== 'stable');
      link.ignoreOffer = !link.polite && collision;
      if (link.ignoreOffer) {
        return;
      }
      await pc.setRemoteDescription(description); // a polite side's collision rolls back implicitly
      if (description.type === 'offer') {
        if (!link.answered) {
          this.takeSections(pc);
        }
        await pc.setLocalDescription();
        this.sendSignal(link, { description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
        if (!link.answered) {
          link.answered = true;
          this.syncScreen(); // the answerer's own screen, once the shared sections exist
        }
      }
      this.noteEndedTracks(pc, link);
    } else if ('candidate' in message) {
      try {
        await pc.addIceCandidate(message.candidate || undefined);
      } catch (error) {
        if (!link.ignoreOffer) {
          throw error;
        }
      }
    }
  }

  // The answerer puts its microphone and camera on the offerer's first audio and video sections.
  takeSections(pc) {
    for (const kind of ['audio', 'video']) {
      const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === kind);
      const track = this.localTrack(kind);
      if (transceiver && track) {
        transceiver.sender.replaceTrack(track);
        transceiver.sender.setStreams(this.client.stream);
        transceiver.direction = 'sendrecv';
      }
    }
  }

  // The local screen on the P2P connection: a send-only video section of this side's own, reused by the
  // next share; adding or stopping it renegotiates (negotiationneeded).
  syncScreen() {
    const pc = this.pc;
    if (!pc || (this.link.polite && !this.link.answered)) {
      return;
    }
    const c = this.client;
    const track = c.screenStream ? c.screenStream.getVideoTracks()[0] : null;
    let own = this.link.screen;
    if (track) {
      if (own) {
        own.sender.replaceTrack(track);
        own.sender.setStreams(c.screenStream);
        own.direction = 'sendonly';
      } else {
        this.link.screen = pc.addTransceiver(track, { direction: 'sendonly', streams: [c.screenStream] });
      }
    } else if (own && own.direction !== 'inactive') {
      own.sender.replaceTrack(null);
      own.direction = 'inactive';
    }
  }

  onTrack(pc, link, event) {
    const transceiver = event.transceiver;
    const kind = event.track.kind;
    const source = kind === 'audio' ? 'microphone' : transceiver === cameraTransceiver(pc) ? 'camera' : 'screen';
    if (source === 'camera') {
      this.peerSentVideo = true;
    }
    link.receiving = link.receiving || new Set();
    link.receiving.add(transceiver);
    this.hold({ participant: link.peer, kind, mid: p2pMid(link, transceiver), source, path: 'p2p',
      stream: new MediaStream([event.track]) });
  }

  // After each remote description: a section the peer no longer sends on (an ended screen share) ends.
  noteEndedTracks(pc, link) {
    for (const transceiver of [...(link.receiving || [])]) {
      if (!receives(transceiver)) {
        link.receiving.delete(transceiver);
        this.ended({ participant: link.peer, kind: transceiver.receiver.track.kind, mid: p2pMid(link, transceiver),
          source: transceiver === cameraTransceiver(pc) ? 'camera' : 'screen', path: 'p2p' });
      }
    }
  }

  // Closes the P2P connection (its decoded frames are kept for framesDecoded first); its tracks end.
  closeP2p() {
    const pc = this.pc;
    const link = this.link;
    this.pc = null;
    this.link = null;
    if (!pc) {
      return;
    }
    this.retire(pc, () => link.peer).finally(() => pc.close());
    for (const transceiver of link.receiving || []) {
      const kind = transceiver.receiver.track.kind;
      this.ended({ participant: link.peer, kind, mid: p2pMid(link, transceiver),
        source: kind === 'audio' ? 'microphone' : transceiver === cameraTransceiver(pc) ? 'camera' : 'screen',
        path: 'p2p' });
    }
  }

  // ---- the SFU side

  /** Whether canal.js should hold a subscribe `track` back: the former peer's, until the SFU path carries it. */
  holds(detail) {
    const e = this.epoch;
    if (e && e.mode === 'sfu' && !e.ready && e.formerPeer !== null && detail.participant === e.formerPeer) {
      this.held.push(detail);
      return true;
    }
    return false;
  }

  hold(detail) {
    const e = this.epoch;
    if (e && !e.ready && this.pc) {
      this.held.push(detail);
    } else {
      this.client.emit('track', detail);
    }
  }

  release() {
    const held = this.held;
    this.held = [];
    for (const detail of held) {
      if (detail.stream.getTracks().every((t) => t.readyState === 'live')) {
        this.client.emit('track', detail);
      }
    }
  }

  ended(detail) {
    this.held = this.held.filter((h) => h.mid !== detail.mid);
    this.client.emit('trackended', detail);
  }

  // Once P2P carries the call: the SFU connections close (the node closed its ends before saying so).
  async closeSfu() {
    const c = this.client;
    if (c.subscribePc) {
      await this.retire(c.subscribePc, (mid) => {
        const owner = c.tracksByMid.get(String(mid));
        return owner ? owner.participant : null;
      });
    }
    for (const pc of [c.publishPc, c.subscribePc]) {
      if (pc) {
        pc.close();
      }
    }
    c.publishPc = null;
    c.subscribePc = null;
    c.screenTransceiver = null;
    c.lastSubscribeAnswer = null;
    const gone = c.tracksByMid;
    c.tracksByMid = new Map();
    for (const [mid, t] of gone) {
      this.ended({ participant: t.participant, kind: t.kind, mid, source: t.source, path: 'sfu' });
    }
  }

  // ---- counters over every connection, for stats, speaking and the interruption measure

  // Keeps the video frames a connection decoded, per participant, before it closes.
  async retire(pc, ownerOfMid) {
    try {
      for (const transceiver of pc.getTransceivers()) {
        const owner = ownerOfMid(transceiver.mid);
        if (owner && transceiver.receiver.track.kind === 'video') {
          this.retired.set(owner, (this.retired.get(owner) || 0) + await videoFrames(transceiver.receiver));
        }
      }
    } catch (closed) {
      // Already closed: its frames are not counted.
    }
  }

  /** Video frames decoded per remote participant, over every connection this client had (closed ones too). */
  async framesDecoded() {
    const c = this.client;
    const totals = new Map(this.retired);
    const add = (participant, frames) => totals.set(participant, (totals.get(participant) || 0) + frames);
    if (c.subscribePc) {
      for (const transceiver of c.subscribePc.getTransceivers()) {
        const owner = c.tracksByMid.get(String(transceiver.mid));
        if (owner && owner.kind === 'video') {
          add(owner.participant, await videoFrames(transceiver.receiver));
        }
      }
    }
    if (this.pc) {
      for (const transceiver of this.pc.getTransceivers()) {
        if (transceiver.receiver.track.kind === 'video') {
          add(this.link.peer, await videoFrames(transceiver.receiver));
        }
      }
    }
    return Object.fromEntries(totals);
  }

  /** The P2P connection's inbound tracks, in the `stats` report's shape (never an address). */
  async inbound() {
    const out = [];
    if (!this.pc || this.pc.connectionState === 'closed') {
      return out;
    }
    const peer = this.link.peer;
    for (const transceiver of this.pc.getTransceivers()) {
      if (!receives(transceiver)) {
        continue;
      }
      (await transceiver.receiver.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp') {
          out.push({ participant: peer, kind: s.kind || transceiver.receiver.track.kind,
            packetsReceived: s.packetsReceived || 0, framesDecoded: s.framesDecoded || 0,
            bytesReceived: s.bytesReceived || 0 });
        }
      });
    }
    return out;
  }

  /** Audio levels of the peer's microphone on P2P and, without a publish connection, of this client's own. */
  async audioLevels(levels, selfId) {
    if (!this.pc) {
      return;
    }
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.receiver.track.kind === 'audio' && receives(transceiver)) {
        (await transceiver.receiver.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && typeof s.audioLevel === 'number') {
            levels.set(this.link.peer, Math.max(levels.get(this.link.peer) || 0, s.audioLevel));
          }
        });
      }
    }
    if (!this.client.publishPc && selfId && this.client.isLocalEnabled('audio')) {
      const sender = this.pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
      if (sender) {
        (await sender.getStats()).forEach((s) => {
          if (s.type === 'media-source' && typeof s.audioLevel === 'number') {
            levels.set(selfId, s.audioLevel);
          }
        });
      }
    }
  }

  close() {
    clearInterval(this.readyTimer);
    this.readyTimer = null;
    this.held = [];
    if (this.pc) {
      this.pc.close();
    }
    this.pc = null;
    this.link = null;
  }
}

// The first video section: the camera's (made first by the offerer, shared by the answerer).
function cameraTransceiver(pc) {
  return pc.getTransceivers().find((t) => t.receiver.track.kind === 'video') || null;
}

function receives(transceiver) {
  const d = transceiver.currentDirection;
  return d === 'sendrecv' || d === 'recvonly';
}

async function videoFrames(receiver) {
  let frames = 0;
  (await receiver.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp') {
      frames += s.framesDecoded || 0;
    }
  });
  return frames;
}

// A P2P track's `mid` in events: the epoch tells two P2P connections' sections apart (each starts at 0),
// and the prefix tells them from the subscribe connection's.
function p2pMid(link, transceiver) {
  return 'p2p' + link.epoch + '-' + transceiver.mid;
}
