// Canal's browser client: joins a call over Canal's WebSocket signaling (docs/signaling.md) with two
// PeerConnections, one to publish the local camera and microphone, one to receive everyone else.
// No dependencies; an ES module. Events (CustomEvent, details below) let a page draw the call.
//
//   joined            {self: {id, name}, participants: [{id, name}], grants: {join, publish, subscribe, moderate},
//                      policy: {maxParticipants, locked, inviteOnly}}
//   participantjoined {participant: {id, name}}
//   participantleft   {participant: id}
//   participantreconnecting {participant: id}  its signaling socket dropped; it stays in the call (its
//                     tracks too) while it resumes within the node's grace period, or participantleft comes
//   participantreconnected  {participant: id}  it resumed its session after participantreconnecting
//   track             {participant: id, kind: 'audio'|'video', source: 'microphone'|'camera'|'screen', mid,
//                     stream: MediaStream}  mid: the subscribe connection's section; source: what the publisher
//                     declared it sends (docs/signaling.md, Track sources), so a screen shows as a screen
//   trackended        {participant: id, kind, source, mid}  that section no longer carries the track (unpublished)
//   screen            {sharing: boolean}  this client started or stopped sharing its screen
//   reconnecting      {}   the signaling socket dropped; media goes on while the client resumes the session
//   reconnected       {participants: [{id, name}]}   the session was resumed on a new socket
//   left              {}
//   kicked            {by}               a moderator removed this participant; the socket closes (docs/moderation.md)
//   muterequest       {kind, by}         a moderator asked to mute 'audio' or 'video'; the client has disabled that track
//   grantschanged     {grants, reason, by}  e.g. reason 'listenOnly': publishing stopped, the SFU refuses it
//   channelpolicy     {policy, by}       a moderator changed the call's policy (lock, limit, invite-only)
//   moderated         {action, participant, result, policy}  the answer to this client's moderate()
//   speaking          {participant: id, speaking: boolean}  someone (this client's own id too) started or
//                     stopped speaking, from audio levels (see SPEAKING_* below)
//   localtrack        {kind, enabled}    the local microphone ('audio') or camera ('video') was turned on or
//                     off: by setMicrophoneEnabled / setCameraEnabled, or by a moderator's mute request
//   icerestart        {direction: 'publish'|'subscribe', reason}  this client restarted ICE on that
//                     connection; reason: 'failed', 'disconnected', 'online' (the browser came back
//                     online) or 'manual' (restartIce())
//   mediamode         {mode: 'p2p'|'sfu', peer, epoch, switched}  the node moved the call's media (p2p.js,
//                     docs/p2p.md): `switched` false when the new path starts, true once the old one closed.
//                     `track`/`trackended` say which path carries a track (`path` 'sfu' or 'p2p'; `mid`s of
//                     P2P tracks start with 'p2p'): a page keys tiles by participant and source, not by mid
//   error             {code, message}   code: a signaling error code, or CONNECTION_LOST (the session is
//                     over: the socket closed and could not be resumed), or RESUME_REFUSED (the node no
//                     longer knows the session: the grace period ended; join again)
//
// A signaling socket that closes without `leave` (a network drop, a killed connection) does not end
// the call: both PeerConnections and the media stay, and the client resumes its session on a new
// socket within the node's grace period (docs/signaling.md, Sessions), trying again with backoff.
//
// A network change (Wi-Fi to cellular, a NAT rebinding, a dropped link) is survived by an ICE restart
// (docs/sdk.md, "Network changes"): when a PeerConnection's iceConnectionState is 'failed', or
// 'disconnected' for ICE_DISCONNECTED_GRACE_MS, and when the window fires 'online', the client
// restarts ICE: the publish connection with a new offer (pc.restartIce()), the subscribe connection
// by asking the node for one (restartIce). DTLS and the media keys stay.
// When the page is closed, reloaded or left (pagehide) the client tells the node `unloading`: a closed
// tab then leaves the others after the node's short unload grace, while a reload still resumes its
// session within it.
//
// join({remember: key}) keeps {session, resume} in sessionStorage (this tab and origin only) under
// `key`, so that a reloaded page can call rejoin({key, ...}) and take its place back with `resume`
// instead of joining again; it is forgotten on leave, kicked, a refused resume, or an ended session.

import { P2pMedia, QUIET_ERRORS } from './p2p.js';

export const PROTOCOL_VERSION = 1;
const STATS_INTERVAL_MS = 1000;
/** The node keeps a dropped session this long (docs/signaling.md, Sessions); resuming later is refused. */
export const RESUME_GRACE_MS = 30000;
/** Waits between resume attempts: doubling from the first, never more than the last. */
const RESUME_FIRST_DELAY_MS = 500;
const RESUME_MAX_DELAY_MS = 4000;
/** A resume attempt whose socket has not been answered by then is abandoned for the next one. */
const RESUME_ATTEMPT_TIMEOUT_MS = 5000;
/** WebSocket close codes that end the session rather than drop it (RFC 6455 section 7.4.1). */
const CLOSE_NORMAL = 1000; // after `left`, or when the session was resumed on another socket
const CLOSE_POLICY = 1008; // after a refusal that closes the socket (the `error` says why)
/**
 * Speaking detection: audio levels (0..1, RFC 6464 scale as in WebRTC stats' audioLevel) are sampled
 * every SPEAKING_SAMPLE_MS; a level is the highest seen in the last SPEAKING_PEAK_HOLD_MS, so that
 * short gaps between syllables (or the fake microphone's short beeps) do not count as silence. Above
 * the threshold for SPEAKING_START_MS starts speaking, below it for SPEAKING_STOP_MS stops it.
 */
export const SPEAKING_THRESHOLD = 0.02;
const SPEAKING_SAMPLE_MS = 100;
const SPEAKING_PEAK_HOLD_MS = 300;
const SPEAKING_START_MS = 150;
const SPEAKING_STOP_MS = 500;
const STORAGE_PREFIX = 'canal.session:';
/** A connection 'disconnected' this long (not back to 'connected') has its ICE restarted. */
export const ICE_DISCONNECTED_GRACE_MS = 2000;
/** Automatic ICE restarts of one connection are at least this far apart. */
const ICE_RESTART_MIN_INTERVAL_MS = 5000;
/** After an automatic restart, a connection still not connected by then is restarted again. */
const ICE_RESTART_RECHECK_MS = 10000;

// State of the client: 'idle' -> 'joining' -> 'joined' <-> 'reconnecting'; 'ended' at the end.
export class CanalClient extends EventTarget {
  constructor() {
    super();
    this.state = 'idle';
    this.socket = null;
    this.url = null;
    this.session = null;
    this.resumeSecret = null;
    this.self = null;
    this.participants = new Map(); // id -> {id, name}: everyone else, as this client knows them
    this.publishPc = null;
    this.subscribePc = null;
    // mid of a subscribe media section -> {participant, kind}, from the latest subscribeOffer.
    this.tracksByMid = new Map();
    this.subscribeChain = Promise.resolve();
    // The latest subscribeAnswer: re-sent as is when the node sends that revision's offer again.
    this.lastSubscribeAnswer = null;
    this.statsTimer = null;
    this.requestIds = 0;
    this.reconnect = null; // {lostAt, attempt, timer, attemptTimer, requestId} while reconnecting
    this.grants = null; // {join, publish: [...], subscribe, moderate}: what this session may do now
    this.screenTransceiver = null; // the publish connection's section for the screen, once shared
    this.screenStream = null; // the display capture while sharing
    this.publishChain = Promise.resolve(); // publish offers go one at a time, each after its answer
    this.awaitingAnswer = null; // resolves the pending publish offer's wait when its answer arrives
    this.policy = null; // {maxParticipants, locked, inviteOnly}: the call's policy as last heard
    this.storageKey = null; // where {session, resume} are kept in sessionStorage, when remembered
    this.speakingTimer = null;
    this.voices = new Map(); // participant id -> {peak, peakAt, aboveSince, belowSince, speaking}
    this.iceRestartAt = { publish: 0, subscribe: 0 }; // when each connection last restarted ICE
    this.iceTimers = { publish: null, subscribe: null }; // a pending check for an automatic restart
    this.subscribeIceRestartPending = false; // asked while the socket was down: sent on resume
    this.onOnline = () => this.restartIce(undefined, 'online');
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onOnline);
    }
    // A page being closed, reloaded or navigated away from says so, so that the node ends a closed tab's
    // session sooner (docs/signaling.md, Sessions). Also when it goes into the back-forward cache
    // (event.persisted): Chromium closes the socket of a cached call page within seconds, and a page that
    // comes back (Back button) within the unload grace resumes as after a reload.
    this.onPageHide = () => {
      if (this.state === 'joined' || this.state === 'reconnecting') {
        this.send({ type: 'unloading' });
      }
    };
    if (typeof window !== 'undefined') {
      window.addEventListener('pagehide', this.onPageHide);
    }
    this.p2p = new P2pMedia(this); // P2P media for two-person calls (p2p.js)
  }

  // The session a page of this tab remembered under `key` (join's `remember`), or null.
  static storedSession(key) {
    try {
      const stored = JSON.parse(sessionStorage.getItem(STORAGE_PREFIX + key) || 'null');
      return stored && typeof stored.session === 'string' && typeof stored.resume === 'string' ? stored : null;
    } catch (unavailable) {
      return null; // storage disabled or the value damaged: join normally
    }
  }

  // After a reload: takes the session remembered under `key` back with `resume` (docs/signaling.md,
  // Sessions), with new PeerConnections. Resolves with `joined` (the same self.id); rejects like join(),
  // with code UNKNOWN_SESSION when the node no longer knows it (the memory is then forgotten: join).
  rejoin({ url, key, stream }) {
    const stored = CanalClient.storedSession(key);
    if (!stored) {
      return Promise.reject(Object.assign(new Error('No session remembered.'), { code: 'UNKNOWN_SESSION' }));
    }
    this.stream = stream;
    this.url = url;
    this.storageKey = key;
    this.state = 'joining';
    return new Promise((resolve, reject) => {
      this.pendingJoin = { resolve, reject: (error) => { this.forgetSession(); reject(error); } };
      // reload: this page's PeerConnections are new, so the node drops the old transports at once instead
      // of waiting for them to close (docs/signaling.md, Sessions).
      this.openSocket({ type: 'resume', id: this.nextRequestId(), session: stored.session, resume: stored.resume,
        reload: true });
    });
  }

  rememberSession() {
    if (this.storageKey !== null) {
      try {
        sessionStorage.setItem(STORAGE_PREFIX + this.storageKey,
          JSON.stringify({ session: this.session, resume: this.resumeSecret }));
      } catch (unavailable) {
        // Without storage a reload joins again: nothing else changes.
      }
    }
  }

  forgetSession() {
    if (this.storageKey !== null) {
      try {
        sessionStorage.removeItem(STORAGE_PREFIX + this.storageKey);
      } catch (unavailable) {
        // nothing stored
      }
    }
  }

  // Opens wss://<url host>/ws and joins with the token (or invite). Resolves once joined, with the
  // `joined` message (its `grants` say what this session may do). `server` and `channel` are
  // optional: when given, a token for another call is refused with TOKEN_WRONG_CHANNEL.
  // `remember`: a key (e.g. the page's link) under which this tab keeps the session for rejoin().
  // `p2p: false` keeps this session on the SFU (no `features: ["p2p"]`, docs/p2p.md).
  join({ url, token, name, stream, server, channel, remember, p2p }) {
    this.p2p.enabled = p2p !== false;
    this.stream = stream;
    this.url = url;
    this.storageKey = remember === undefined ? null : String(remember);
    this.state = 'joining';
    return new Promise((resolve, reject) => {
      this.pendingJoin = { resolve, reject };
      const message = { type: 'join', id: this.nextRequestId(), v: PROTOCOL_VERSION, token, name,
        features: this.p2p.features() };
      if (server) {
        message.server = server;
      }
      if (channel) {
        message.channel = channel;
      }
      this.openSocket(message);
    });
  }

  nextRequestId() {
    this.requestIds += 1;
    return String(this.requestIds);
  }

  // A socket that sends `first` once open. Only the current socket's events count: a socket given up
  // on (a resume attempt that timed out) may still fire later.
  openSocket(first) {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket === socket) {
        this.send(first);
      }
    });
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket) {
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return; // The server only sends JSON; ignore anything else.
      }
      this.receive(message);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket === socket) {
        this.socket = null;
        this.socketClosed(event.code);
      }
    });
    return socket;
  }

  receive(message) {
    if (this.state === 'joining') {
      if (message.type === 'error') {
        this.state = 'ended';
        this.pendingJoin.reject(Object.assign(new Error(message.message || message.code), { code: message.code }));
        return;
      }
      if (message.type === 'joined') {
        this.state = 'joined';
        this.pendingJoin.resolve(message);
      }
    } else if (this.state === 'reconnecting') {
      if (message.type === 'joined') {
        this.resumed(message);
        return;
      }
      if (message.type === 'error' && message.id === this.reconnect.requestId) {
        this.resumeRefused(message);
        return;
      }
    }
    this.handle(message).catch((error) => this.fail('INTERNAL', String(error && error.message || error)));
  }

  socketClosed(code) {
    if (this.state === 'joining') {
      this.state = 'ended';
      this.pendingJoin.reject(Object.assign(new Error('The server closed the connection.'), { code: 'CONNECTION_LOST' }));
    } else if (this.state === 'joined') {
      if (code === CLOSE_NORMAL || code === CLOSE_POLICY) {
        // The node ended this socket on purpose (the session moved to another socket, or a refusal
        // already reported): resuming would only take the session back or be refused again.
        this.end('CONNECTION_LOST', 'The server closed the connection.');
      } else {
        this.startReconnecting();
      }
    } else if (this.state === 'reconnecting') {
      this.retryLater();
    }
  }

  // ---- resuming a dropped session (docs/signaling.md, Sessions)

  startReconnecting() {
    this.state = 'reconnecting';
    this.reconnect = { lostAt: Date.now(), attempt: 0, timer: null, attemptTimer: null, requestId: null };
    this.emit('reconnecting', {});
    this.retryLater();
  }

  retryLater() {
    const r = this.reconnect;
    clearTimeout(r.attemptTimer);
    const delay = Math.min(RESUME_FIRST_DELAY_MS * 2 ** r.attempt, RESUME_MAX_DELAY_MS);
    if (Date.now() + delay - r.lostAt > RESUME_GRACE_MS) {
      this.end('CONNECTION_LOST', 'The connection to the server was lost and could not be resumed in time.');
      return;
    }
    r.attempt += 1;
    r.timer = setTimeout(() => this.tryResume(), delay);
  }

  tryResume() {
    const r = this.reconnect;
    if (this.state !== 'reconnecting' || r === null) {
      return;
    }
    r.requestId = this.nextRequestId();
    const socket = this.openSocket({ type: 'resume', id: r.requestId, session: this.session, resume: this.resumeSecret });
    // A connection attempt into a dead network can hang for minutes: give up on it and try again.
    r.attemptTimer = setTimeout(() => {
      if (this.socket === socket && this.state === 'reconnecting') {
        this.socket = null;
        socket.close();
        this.retryLater();
      }
    }, RESUME_ATTEMPT_TIMEOUT_MS);
  }

  // `joined` again: the same session, with the participants as they are now. What happened in the gap
  // is not replayed, so the differences become events; an unanswered publish offer is sent again.
  resumed(message) {
    clearTimeout(this.reconnect.attemptTimer);
    clearTimeout(this.reconnect.timer);
    this.reconnect = null;
    this.state = 'joined';
    const now = new Map((message.participants || []).map((p) => [p.id, p]));
    for (const id of [...this.participants.keys()]) {
      if (!now.has(id)) {
        this.participants.delete(id);
        this.emit('participantleft', { participant: id });
      }
    }
    for (const [id, participant] of now) {
      if (!this.participants.has(id)) {
        this.participants.set(id, participant);
        this.emit('participantjoined', { participant });
      }
    }
    this.emit('reconnected', { participants: [...now.values()] });
    if (this.publishPc && this.publishPc.signalingState === 'have-local-offer') {
      this.sendPublish();
    }
    if (this.subscribeIceRestartPending) {
      this.subscribeIceRestartPending = false;
      this.send({ type: 'restartIce', direction: 'subscribe' });
    }
  }

  resumeRefused(message) {
    if (message.code === 'UNKNOWN_SESSION') {
      this.end('RESUME_REFUSED', message.message || 'The server no longer knows this session.');
    } else {
      // Anything else (the node failed, a race with the old socket) may pass: try again.
      const socket = this.socket;
      this.socket = null;
      if (socket) {
        socket.close();
      }
      this.retryLater();
    }
  }

  // The session is over without `left`: media stops and the page is told why.
  end(code, text) {
    if (this.reconnect) {
      clearTimeout(this.reconnect.timer);
      clearTimeout(this.reconnect.attemptTimer);
      this.reconnect = null;
    }
    this.state = 'ended';
    this.closeConnections();
    this.forgetSession();
    this.fail(code, text);
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  fail(code, message) {
    this.emit('error', { code, message });
  }

  async handle(message) {
    switch (message.type) {
      case 'joined':
        this.session = message.session;
        this.resumeSecret = message.resume;
        this.self = message.self;
        this.iceServers = message.iceServers || [];
        this.participants = new Map((message.participants || []).map((p) => [p.id, p]));
        this.grants = message.grants || null;
        this.policy = message.policy || null;
        this.rememberSession();
        this.emit('joined', { self: message.self, participants: message.participants || [], grants: message.grants,
          policy: message.policy });
        this.startSpeaking();
        if (this.p2p.joined(message.media)) {
          await this.publish(); // on the SFU; in a P2P call p2p.js carries the media
        }
        this.startStats();
        break;
      case 'publishAnswer':
        if (this.publishPc && this.publishPc.signalingState === 'have-local-offer') {
          await this.publishPc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        }
        if (this.awaitingAnswer) {
          this.awaitingAnswer();
          this.awaitingAnswer = null;
        }
        break;
      case 'subscribeOffer':
        // Offers are answered one at a time, in order: each one builds on the previous answer.
        this.subscribeChain = this.subscribeChain.then(() => this.answerSubscribeOffer(message));
        await this.subscribeChain;
        break;
      case 'media':
      case 'p2pSignal':
      case 'mediaSwitched':
        await this.p2p.handle(message);
        break;
      case 'participantJoined':
        this.participants.set(message.participant.id, message.participant);
        this.emit('participantjoined', { participant: message.participant });
        break;
      case 'participantLeft':
        this.participants.delete(message.participant);
        this.silence(message.participant);
        this.emit('participantleft', { participant: message.participant });
        break;
      case 'participantReconnecting':
        this.emit('participantreconnecting', { participant: message.participant });
        break;
      case 'participantReconnected':
        this.emit('participantreconnected', { participant: message.participant });
        break;
      case 'left':
        this.state = 'ended';
        this.closeConnections();
        this.emit('left', {});
        break;
      case 'kicked':
        this.state = 'ended'; // the socket's close that follows ends the session: no resume, no CONNECTION_LOST
        this.closeConnections();
        this.forgetSession();
        this.emit('kicked', { by: message.by });
        break;
      case 'muteRequest':
        // A request the client honours (docs/moderation.md): the track sends silence or black frames.
        this.setLocalEnabled(message.kind, false);
        this.emit('muterequest', { kind: message.kind, by: message.by });
        break;
      case 'grantsChanged':
        if (message.grants && Array.isArray(message.grants.publish) && message.grants.publish.length === 0
            && this.publishPc) {
          this.publishPc.close(); // listen-only: the SFU has closed its end already
          this.publishPc = null;
          this.stopScreenCapture();
        }
        this.grants = message.grants || this.grants;
        this.emit('grantschanged', { grants: message.grants, reason: message.reason, by: message.by });
        break;
      case 'channelPolicy':
        this.policy = message.policy || this.policy;
        this.emit('channelpolicy', { policy: message.policy, by: message.by });
        break;
      case 'moderated':
        this.policy = message.policy || this.policy;
        this.emit('moderated', { action: message.action, participant: message.participant, result: message.result,
          policy: message.policy });
        break;
      case 'error':
        if (this.awaitingAnswer && message.id === undefined) {
          // A refused publish offer (it has no id): the renegotiation is over, the error says why.
          this.awaitingAnswer();
          this.awaitingAnswer = null;
        }
        if (!QUIET_ERRORS.has(message.code)) {
          this.fail(message.code, message.message);
        }
        break;
      default:
        break; // Message types this client does not know are ignored (docs/signaling.md, Versions).
    }
  }

  // A moderator's request (needs the moderate grant; docs/moderation.md): e.g. moderate('kick', {participant}),
  // moderate('mute', {participant, kind: 'audio'}), moderate('lock'), moderate('setMaxParticipants', {value: 10}).
  moderate(action, fields = {}) {
    this.send(Object.assign({}, fields, { type: 'moderate', action }));
  }

  // Shorthands for moderate(); the answer is a `moderated` (or `error`) event.
  kick(participant) {
    this.moderate('kick', { participant });
  }

  // Asks the participant to mute its 'audio' or 'video'; a request its client honours.
  requestMute(participant, kind) {
    this.moderate('mute', { participant, kind });
  }

  // Makes the participant a listener: the SFU stops taking its media (enforced by the node).
  makeListener(participant) {
    this.moderate('listenOnly', { participant });
  }

  lock() {
    this.moderate('lock');
  }

  unlock() {
    this.moderate('unlock');
  }

  // True when the joined session may moderate (its token had the moderate grant).
  get canModerate() {
    return Boolean(this.grants && this.grants.moderate);
  }

  // ---- the local microphone and camera: muting keeps the published track and its media section,
  // which then carries silence or black frames (track.enabled, W3C Media Capture section 4.3.1), so
  // unmuting needs no renegotiation.

  setMicrophoneEnabled(enabled) {
    return this.setLocalEnabled('audio', enabled);
  }

  setCameraEnabled(enabled) {
    return this.setLocalEnabled('video', enabled);
  }

  // Whether the local track of `kind` ('audio' or 'video') is on; false when there is none.
  isLocalEnabled(kind) {
    const track = this.stream ? this.stream.getTracks().find((t) => t.kind === kind) : null;
    return Boolean(track && track.enabled && track.readyState === 'live');
  }

  setLocalEnabled(kind, enabled) {
    if (!this.stream) {
      return false;
    }
    this.stream.getTracks().filter((t) => t.kind === kind).forEach((t) => { t.enabled = Boolean(enabled); });
    const now = this.isLocalEnabled(kind);
    this.emit('localtrack', { kind, enabled: now });
    return now;
  }

  newPeerConnection() {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.watchIce(pc);
    return pc;
  }

  // ---- ICE restart on a network change (docs/sdk.md, "Network changes")

  // Restarts ICE on both connections, or on `direction` ('publish' or 'subscribe') only: new ICE
  // credentials on both ends, same DTLS association and media keys (docs/signaling.md, "ICE restart").
  // The publish connection sends a new offer (after any offer in flight); the subscribe connection asks
  // the node for a new offer. While the socket is down both wait for the resume.
  restartIce(direction, reason = 'manual') {
    if (this.state !== 'joined' && this.state !== 'reconnecting') {
      return;
    }
    for (const d of direction ? [direction] : ['publish', 'subscribe']) {
      if (d === 'publish' && this.publishPc) {
        this.publishPc.restartIce(); // the next offer carries new credentials (RFC 8829 section 4.1.1.1)
        this.renegotiatePublish();
      } else if (d === 'subscribe' && this.subscribePc) {
        if (this.state === 'joined') {
          this.send({ type: 'restartIce', direction: 'subscribe' });
        } else {
          this.subscribeIceRestartPending = true;
        }
      } else {
        continue;
      }
      this.iceRestartAt[d] = Date.now();
      this.emit('icerestart', { direction: d, reason });
    }
  }

  connectionOf(direction) {
    return direction === 'publish' ? this.publishPc : this.subscribePc;
  }

  // 'failed' restarts at once, 'disconnected' after a grace (it often comes back by itself); never more
  // often than ICE_RESTART_MIN_INTERVAL_MS, and again later if the connection is still not back.
  watchIce(pc) {
    pc.addEventListener('iceconnectionstatechange', () => {
      const direction = pc === this.publishPc ? 'publish' : pc === this.subscribePc ? 'subscribe' : null;
      if (!direction) {
        return;
      }
      const state = pc.iceConnectionState;
      if (state === 'failed') {
        this.scheduleIceRestart(pc, direction, 'failed', 0);
      } else if (state === 'disconnected') {
        this.scheduleIceRestart(pc, direction, 'disconnected', ICE_DISCONNECTED_GRACE_MS);
      } else if (state === 'connected' || state === 'completed' || state === 'closed') {
        clearTimeout(this.iceTimers[direction]);
        this.iceTimers[direction] = null;
      }
    });
  }

  scheduleIceRestart(pc, direction, reason, delay) {
    clearTimeout(this.iceTimers[direction]);
    const wait = Math.max(delay, this.iceRestartAt[direction] + ICE_RESTART_MIN_INTERVAL_MS - Date.now());
    this.iceTimers[direction] = setTimeout(() => {
      this.iceTimers[direction] = null;
      const state = pc.iceConnectionState;
      if (pc !== this.connectionOf(direction) || (state !== 'failed' && state !== 'disconnected')) {
        return;
      }
      this.restartIce(direction, state);
      // the network may still be down: look again later, as no state change may come meanwhile
      this.scheduleIceRestart(pc, direction, state, ICE_RESTART_RECHECK_MS);
    }, wait);
  }

  // The publish connection: the browser offers its camera and microphone, Canal answers. Only what the
  // grants allow is offered ('audio' for the microphone, 'video' for the camera); with nothing to send
  // (e.g. a token that may only share a screen) the first offer waits for publishScreen().
  async publish() {
    const pc = this.newPeerConnection();
    this.publishPc = pc;
    const granted = this.grants && Array.isArray(this.grants.publish) ? this.grants.publish : ['audio', 'video'];
    for (const kind of ['audio', 'video']) {
      const track = this.stream.getTracks().find((t) => t.kind === kind);
      if (track && granted.includes(kind)) {
        pc.addTransceiver(track, { direction: 'sendonly', streams: [this.stream] });
      }
    }
    if (this.screenStream) {
      // Back on the SFU from P2P while sharing.
      this.screenTransceiver = pc.addTransceiver(this.screenStream.getVideoTracks()[0],
        { direction: 'sendonly', streams: [this.screenStream] });
    }
    if (pc.getTransceivers().length === 0) {
      return;
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    this.sendPublish();
  }

  // Sends the publish connection's local offer with the source of each of its sections
  // (docs/signaling.md, Track sources): the screen's section is 'screen', the others the microphone or
  // camera of their kind. The node checks each source against the grants.
  sendPublish() {
    const sources = {};
    for (const t of this.publishPc.getTransceivers()) {
      if (t.mid !== null) {
        sources[t.mid] = t === this.screenTransceiver ? 'screen' : (t.receiver.track.kind === 'audio' ? 'microphone' : 'camera');
      }
    }
    this.send({ type: 'publish', sdp: this.publishPc.localDescription.sdp, sources });
  }

  // ---- screen sharing: a second video section on the publish connection, added by renegotiating it
  // (the node answers every publish offer, docs/signaling.md "Publish connection"). The others get it
  // as another video track of this participant.

  // Asks the browser for a screen, window or tab (getDisplayMedia needs a user gesture: call it from a
  // click) and publishes it. Resolves with the display MediaStream; rejects with an Error whose `code`
  // is NOT_ALLOWED (no publish grant for the screen, or a listener) or the browser's error name.
  async publishScreen() {
    // No connection is needed yet: alone in a P2P call, the screen goes on the P2P connection once a peer comes.
    if (!this.grants || !(this.grants.publish || []).includes('screen')) {
      throw Object.assign(new Error('This session may not share its screen.'), { code: 'NOT_ALLOWED' });
    }
    if (this.screenStream) {
      return this.screenStream;
    }
    let display;
    try {
      display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      throw Object.assign(new Error(error.message), { code: error.name });
    }
    const track = display.getVideoTracks()[0];
    this.screenStream = display;
    // Stopping the share in the browser's own UI ends the track.
    track.addEventListener('ended', () => {
      if (this.screenStream === display) {
        this.unpublishScreen();
      }
    });
    this.p2p.syncScreen();
    if (!this.publishPc) {
      // Not on the SFU: p2p.js put the screen on the P2P connection, or will when one opens.
    } else if (this.screenTransceiver && this.screenTransceiver.currentDirection !== 'stopped') {
      await this.screenTransceiver.sender.replaceTrack(track);
      this.screenTransceiver.direction = 'sendonly';
    } else {
      this.screenTransceiver = this.publishPc.addTransceiver(track, { direction: 'sendonly', streams: [display] });
    }
    await this.renegotiatePublish();
    this.emit('screen', { sharing: true });
    return display;
  }

  // Stops sharing: the screen's section goes inactive (the node unpublishes it; the others' section
  // goes inactive too) and the capture stops. The section is reused by the next publishScreen().
  async unpublishScreen() {
    if (!this.screenStream) {
      return;
    }
    this.stopScreenCapture();
    this.p2p.syncScreen();
    if (this.publishPc && this.screenTransceiver) {
      await this.screenTransceiver.sender.replaceTrack(null);
      this.screenTransceiver.direction = 'inactive';
      await this.renegotiatePublish();
    }
    this.emit('screen', { sharing: false });
  }

  get sharingScreen() {
    return this.screenStream !== null;
  }

  stopScreenCapture() {
    if (this.screenStream) {
      this.screenStream.getTracks().forEach((t) => t.stop());
      this.screenStream = null;
    }
  }

  // A new publish offer once the previous one is answered (one offer at a time, RFC 8829 section 4.1.8).
  renegotiatePublish() {
    this.publishChain = this.publishChain.then(async () => {
      const pc = this.publishPc;
      if (!pc) {
        return;
      }
      if (pc.signalingState === 'have-local-offer') {
        await new Promise((resolve) => { this.awaitingAnswer = resolve; });
      }
      const answered = new Promise((resolve) => { this.awaitingAnswer = resolve; });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      this.sendPublish();
      await answered;
    }).catch((error) => this.fail('INTERNAL', String(error && error.message || error)));
    return this.publishChain;
  }

  // The subscribe connection: Canal offers everyone else's tracks, the browser answers.
  async answerSubscribeOffer(message) {
    const last = this.lastSubscribeAnswer;
    if (last && last.revision === message.revision) {
      // The node sends an unanswered offer again after a resume: the answer was lost with the old
      // socket. It was applied here already, so the same answer is sent again.
      this.send({ type: 'subscribeAnswer', revision: last.revision, sdp: last.sdp });
      return;
    }
    if (!this.subscribePc) {
      const pc = this.newPeerConnection();
      this.subscribePc = pc;
      pc.addEventListener('track', (event) => this.onTrack(event));
    }
    const before = this.tracksByMid;
    this.tracksByMid = new Map((message.tracks || []).map((t) => [String(t.mid), t]));
    for (const [mid, gone] of before) {
      const now = this.tracksByMid.get(mid);
      if (!now || now.participant !== gone.participant || sourceOf(now) !== sourceOf(gone)) {
        this.emit('trackended', { participant: gone.participant, kind: gone.kind, source: sourceOf(gone), mid });
      }
    }
    await this.subscribePc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
    const answer = await this.subscribePc.createAnswer();
    await this.subscribePc.setLocalDescription(answer);
    this.lastSubscribeAnswer = { revision: message.revision, sdp: this.subscribePc.localDescription.sdp };
    this.send({ type: 'subscribeAnswer', revision: message.revision, sdp: this.lastSubscribeAnswer.sdp });
  }

  onTrack(event) {
    const mid = event.transceiver && event.transceiver.mid;
    const owner = this.tracksByMid.get(String(mid));
    if (!owner) {
      return; // A media section the offer did not attribute: nothing to show.
    }
    const detail = { participant: owner.participant, kind: event.track.kind, source: sourceOf(owner),
      mid: String(mid), path: 'sfu',
      stream: new MediaStream([event.track]) };
    if (!this.p2p.holds(detail)) { // held while the SFU does not carry the former P2P peer yet
      this.emit('track', detail);
    }
  }

  startStats() {
    this.statsTimer = setInterval(() => {
      this.collectStats().then((report) => this.send(report)).catch(() => {});
    }, STATS_INTERVAL_MS);
  }

  // ---- speaking: audio levels of each remote audio track (inbound-rtp audioLevel) and of the local
  // microphone (media-source audioLevel), through a threshold with hysteresis.

  startSpeaking() {
    clearInterval(this.speakingTimer);
    let sampling = false;
    this.speakingTimer = setInterval(() => {
      if (sampling) {
        return; // the previous sample's getStats has not answered yet
      }
      sampling = true;
      this.sampleSpeaking().catch(() => {}).finally(() => { sampling = false; });
    }, SPEAKING_SAMPLE_MS);
  }

  async sampleSpeaking() {
    const levels = new Map();
    if (this.subscribePc) {
      for (const transceiver of this.subscribePc.getTransceivers()) {
        const owner = this.tracksByMid.get(String(transceiver.mid));
        if (!owner || owner.kind !== 'audio' || transceiver.currentDirection === 'inactive'
            || transceiver.currentDirection === 'stopped') {
          continue;
        }
        (await transceiver.receiver.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && typeof s.audioLevel === 'number') {
            levels.set(owner.participant, Math.max(levels.get(owner.participant) || 0, s.audioLevel));
          }
        });
      }
    }
    await this.p2p.audioLevels(levels, this.self && this.self.id);
    if (this.publishPc && this.self && this.isLocalEnabled('audio')) {
      const sender = this.publishPc.getSenders().find((s) => s.track && s.track.kind === 'audio');
      if (sender) {
        (await sender.getStats()).forEach((s) => {
          if (s.type === 'media-source' && typeof s.audioLevel === 'number') {
            levels.set(this.self.id, s.audioLevel);
          }
        });
      }
    }
    const now = Date.now();
    for (const [participant, level] of levels) {
      this.hear(participant, level, now);
    }
    for (const participant of [...this.voices.keys()]) {
      if (!levels.has(participant)) {
        this.hear(participant, 0, now); // no audio any more (muted, track gone): silence
      }
    }
  }

  hear(participant, level, now) {
    let v = this.voices.get(participant);
    if (!v) {
      v = { peak: 0, peakAt: 0, aboveSince: null, belowSince: null, speaking: false };
      this.voices.set(participant, v);
    }
    if (level >= v.peak || now - v.peakAt > SPEAKING_PEAK_HOLD_MS) {
      v.peak = level;
      v.peakAt = now;
    }
    if (v.peak > SPEAKING_THRESHOLD) {
      v.belowSince = null;
      v.aboveSince = v.aboveSince === null ? now : v.aboveSince;
      if (!v.speaking && now - v.aboveSince >= SPEAKING_START_MS) {
        v.speaking = true;
        this.emit('speaking', { participant, speaking: true });
      }
    } else {
      v.aboveSince = null;
      v.belowSince = v.belowSince === null ? now : v.belowSince;
      if (v.speaking && now - v.belowSince >= SPEAKING_STOP_MS) {
        v.speaking = false;
        this.emit('speaking', { participant, speaking: false });
      }
    }
  }

  // Someone left (or this client's connections closed): a speaker stops speaking at once.
  silence(participant) {
    const v = this.voices.get(participant);
    this.voices.delete(participant);
    if (v && v.speaking) {
      this.emit('speaking', { participant, speaking: false });
    }
  }

  // The report of docs/signaling.md: inbound RTP per remote track, and per connection the state,
  // ciphers and the REMOTE (node's) port of the selected candidate pair, never this browser's address.
  async collectStats() {
    const inbound = [];
    if (this.subscribePc) {
      for (const transceiver of this.subscribePc.getTransceivers()) {
        const owner = this.tracksByMid.get(String(transceiver.mid));
        if (!owner || transceiver.currentDirection === 'inactive' || transceiver.currentDirection === 'stopped') {
          continue;
        }
        const stats = await transceiver.receiver.getStats();
        stats.forEach((s) => {
          if (s.type === 'inbound-rtp') {
            inbound.push({
              participant: owner.participant,
              kind: owner.kind || s.kind,
              packetsReceived: s.packetsReceived || 0,
              framesDecoded: s.framesDecoded || 0,
              bytesReceived: s.bytesReceived || 0,
            });
          }
        });
      }
    }
    const transports = [];
    for (const [direction, pc] of [['publish', this.publishPc], ['subscribe', this.subscribePc]]) {
      if (pc) {
        transports.push(Object.assign({ direction, state: pc.connectionState }, await transportStats(pc)));
      }
    }
    // The P2P connection's tracks are listed after the SFU's (during a switch a participant has both);
    // its transport is not reported: its remote end is the peer's address.
    return { type: 'stats', inbound: inbound.concat(await this.p2p.inbound()), transports };
  }

  /** Video frames decoded per remote participant ({id: count}), over all this client's connections, closed ones too. */
  framesDecoded() {
    return this.p2p.framesDecoded();
  }

  // Sends leave; the server answers `left` and closes the socket.
  // While reconnecting there is no socket to say so: the node ends the session after its grace period.
  leave() {
    if (this.reconnect) {
      clearTimeout(this.reconnect.timer);
      clearTimeout(this.reconnect.attemptTimer);
      this.reconnect = null;
    }
    this.state = 'ended';
    this.send({ type: 'leave' });
    this.closeConnections();
    this.forgetSession();
  }

  closeConnections() {
    for (const d of ['publish', 'subscribe']) {
      clearTimeout(this.iceTimers[d]);
      this.iceTimers[d] = null;
    }
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
    }
    this.stopScreenCapture();
    clearInterval(this.statsTimer);
    this.statsTimer = null;
    clearInterval(this.speakingTimer);
    this.speakingTimer = null;
    for (const id of [...this.voices.keys()]) {
      this.silence(id);
    }
    for (const pc of [this.publishPc, this.subscribePc]) {
      if (pc) {
        pc.close();
      }
    }
    this.publishPc = null;
    this.subscribePc = null;
    this.p2p.close();
  }
}

// The source of a subscribeOffer track: what its publisher declared, or its kind's default from a node
// that does not send sources.
function sourceOf(track) {
  return track.source || (track.kind === 'audio' ? 'microphone' : 'camera');
}

// Ciphers and the selected pair's remote port. Chromium reports an RTCTransportStats; Firefox has
// none, so its selected pair is found on the candidate pairs and its ciphers stay null.
export async function transportStats(pc) {
  const stats = await pc.getStats();
  let transport = null;
  const pairs = [];
  stats.forEach((s) => {
    if (s.type === 'transport' && !transport) {
      transport = s;
    } else if (s.type === 'candidate-pair') {
      pairs.push(s);
    }
  });
  let pair = transport && transport.selectedCandidatePairId ? stats.get(transport.selectedCandidatePairId) : null;
  if (!pair) {
    pair = pairs.find((p) => p.selected) || pairs.find((p) => p.nominated && p.state === 'succeeded') || null;
  }
  const remote = pair ? stats.get(pair.remoteCandidateId) : null;
  return {
    srtpCipher: (transport && transport.srtpCipher) || null,
    dtlsCipher: (transport && transport.dtlsCipher) || null,
    remotePort: remote ? remote.port : null,
  };
}

// Exchanges an invite secret (the `#invite=` of a link) for a short-lived join token at the node that
// served the page: POST /invites/redeem (docs/invites.md). Resolves {token, server, channel, grants,
// expiresIn}; rejects with an Error whose `code` is INVITE_UNKNOWN, INVITE_REVOKED, INVITE_EXPIRED,
// INVITE_USED_UP, or UNAVAILABLE when the node could not be asked. Each call uses the invite once.
export async function redeemInvite(secret, origin = location.origin) {
  let response;
  try {
    response = await fetch(origin + '/invites/redeem', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ invite: secret }),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw Object.assign(new Error('The server could not be reached: ' + error.message), { code: 'UNAVAILABLE' });
  }
  let body = {};
  try {
    body = await response.json();
  } catch (notJson) {
    // Said below by the status.
  }
  if (!response.ok || typeof body.token !== 'string') {
    throw Object.assign(new Error(body.message || 'HTTP ' + response.status), { code: body.error || 'UNAVAILABLE' });
  }
  return body;
}

// True for a JWT (three dot-separated parts): an older link that carries a join token itself.
export function isJoinToken(text) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text);
}
