// The page served at `/`: opening a join link (https://<node>/#invite=<secret>) asks for the camera
// and microphone, exchanges the invite for a short-lived join token (POST /invites/redeem), and joins
// at once. `#token=<jwt>` joins with a token directly. Both stay in the URL fragment, which browsers
// never send to a server. Optional `name=` in the fragment sets the display name.
// In the call: mute the microphone, turn the camera off, the participant list, and for a moderator
// (a token with the moderate grant) kick / mute / listen-only per participant and lock / unlock.
// A two-person call may run peer-to-peer and move to the server when a third joins (docs/p2p.md): tiles
// are keyed by participant and source, so a track on the new path replaces the old one in place.
import { CanalClient, isJoinToken, redeemInvite } from '/sdk/canal.js';

const grid = document.getElementById('grid');
const statusLine = document.getElementById('status');
const errorBox = document.getElementById('error');
const leaveButton = document.getElementById('leave');
const controls = document.getElementById('controls');
const microphoneButton = document.getElementById('microphone');
const cameraButton = document.getElementById('camera');
const screenButton = document.getElementById('screen');
const lockButton = document.getElementById('lock');
const people = document.getElementById('people');
const participantList = document.getElementById('participants');

const names = new Map(); // participant id -> display name

// Token refusals (docs/tokens.md): one code per defect; any other TOKEN_* code gets TOKEN_REFUSED.
const ERROR_TEXT = {
  TOKEN_EXPIRED: 'This link has expired. Ask for a new link.',
  TOKEN_NOT_YET_VALID: 'This link is not valid yet. Check your computer\'s clock, or try again in a moment.',
  TOKEN_WRONG_CHANNEL: 'This link is for another channel. Ask for a link to this one.',
  TOKEN_NOT_ALLOWED: 'This link does not allow joining the call.',
  TOKEN_UNKNOWN_KEY: 'This link was signed with a key the server does not (or no longer) accept. Ask for a new link.',
  TOKEN_REFUSED: 'This link was refused: it is invalid or not meant for this server. Ask for a new link.',
  NOT_ALLOWED: 'You are not allowed to do that in this call.',
  CHANNEL_LOCKED: 'This call is locked: a moderator is not letting anyone new in right now.',
  CHANNEL_FULL: 'This call is full. Try again when someone leaves.',
  INVITE_ONLY: 'This call admits only people who joined through an invite link.',
  KICKED: 'A moderator removed you from this call. You can join again once the call has ended.',
  UNSUPPORTED_VERSION: 'This page and the server speak different protocol versions. Reload the page.',
  CONNECTION_LOST: 'The connection to the server was lost. Reload the page to join again.',
  RESUME_REFUSED: 'The connection to the server was lost for too long, and the call went on without you.'
    + ' Reload the page to join again.',
  INTERNAL: 'The server ran into a problem. Try again in a moment.',
  INVITE_UNKNOWN: 'This invite link is not valid. Check that it was copied whole, or ask for a new one.',
  INVITE_REVOKED: 'This invite was withdrawn by a moderator. Ask for a new link.',
  INVITE_EXPIRED: 'This invite has expired. Ask for a new link.',
  INVITE_USED_UP: 'This invite has been used as many times as it allows. Ask for a new link.',
  UNAVAILABLE: 'The server could not check the invite right now. Try again in a moment.',
};

function errorText(code, fallback) {
  if (ERROR_TEXT[code]) {
    return ERROR_TEXT[code];
  }
  return code && code.startsWith('TOKEN_') ? ERROR_TEXT.TOKEN_REFUSED + ' (' + code + ')' : fallback;
}

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = false;
  statusLine.textContent = 'Not in the call.';
}

function setStatus(text) {
  statusLine.textContent = text;
}

function friendlyName() {
  const digits = new Uint16Array(1);
  crypto.getRandomValues(digits);
  return 'Guest ' + String(1000 + (digits[0] % 9000));
}

function readFragment() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  return {
    invite: params.get('invite'),
    token: params.get('token'),
    name: params.get('name'),
    server: params.get('server') || undefined, // optional: the node then refuses a token for elsewhere
    channel: params.get('channel') || undefined,
  };
}

function tileFor(id, name, isSelf) {
  let tile = document.getElementById('tile-' + id);
  if (!tile) {
    tile = document.createElement('figure');
    tile.id = 'tile-' + id;
    tile.className = isSelf ? 'tile self' : 'tile';
    tile.dataset.participant = id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = isSelf; // Never play back one's own microphone.
    const caption = document.createElement('figcaption');
    tile.append(video, caption);
    if (isSelf) {
      grid.prepend(tile);
    } else {
      grid.append(tile);
    }
  }
  tile.querySelector('figcaption').textContent = isSelf ? name + ' (you)' : name;
  return tile;
}

// Puts `track` in the tile in place of the tile's track of that kind. `mid` (the SDK's section, per path)
// is kept so that the `trackended` of a track already replaced (the old path's, after a P2P/SFU switch)
// leaves the tile alone. The element keeps its MediaStream: swapping a track in it shows no blank frame.
function attach(tile, track, mid) {
  const video = tile.querySelector('video');
  const stream = video.srcObject instanceof MediaStream ? video.srcObject : new MediaStream();
  stream.getTracks().filter((t) => t.kind === track.kind).forEach((t) => stream.removeTrack(t));
  stream.addTrack(track);
  tile.dataset[track.kind + 'Mid'] = mid || '';
  if (video.srcObject !== stream) {
    video.srcObject = stream;
  }
  video.play().catch(() => {}); // Autoplay may wait for a gesture; the element still shows frames.
}

// The track of `kind` whose section `mid` ended: removed unless another path's track took its place.
function detach(tile, kind, mid) {
  if (!tile || tile.dataset[kind + 'Mid'] !== mid) {
    return false;
  }
  delete tile.dataset[kind + 'Mid'];
  const video = tile.querySelector('video');
  if (kind === 'audio' && video.srcObject instanceof MediaStream) {
    video.srcObject.getAudioTracks().forEach((t) => video.srcObject.removeTrack(t));
  }
  return true;
}

// A participant's shared screen: a tile of its own beside the camera's, `screen-<id>`.
function screenTileFor(id, name, mid) {
  let tile = document.getElementById('screen-' + id);
  if (!tile) {
    tile = document.createElement('figure');
    tile.id = 'screen-' + id;
    tile.className = 'tile screen';
    tile.dataset.participant = id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true;
    const caption = document.createElement('figcaption');
    tile.append(video, caption);
    const camera = document.getElementById('tile-' + id);
    if (camera) {
      camera.after(tile);
    } else {
      grid.append(tile);
    }
  }
  tile.querySelector('figcaption').textContent = name + ' (screen)';
  return tile;
}

function removeScreenTile(id) {
  const tile = document.getElementById('screen-' + id);
  if (tile) {
    tile.querySelector('video').srcObject = null;
    tile.remove();
  }
}

// Another participant whose signaling socket dropped: its tile stays (its media may go on) with a
// mark until it resumes (participantreconnected) or its grace period ends (participantleft).
function markReconnecting(id, reconnecting) {
  const tile = document.getElementById('tile-' + id);
  if (!tile) {
    return;
  }
  tile.classList.toggle('reconnecting', reconnecting);
  const label = tile.querySelector('.reconnecting-label');
  if (reconnecting && !label) {
    const span = document.createElement('span');
    span.className = 'reconnecting-label';
    span.textContent = 'reconnecting…';
    tile.append(span);
  } else if (!reconnecting && label) {
    label.remove();
  }
}

function removeTile(id) {
  removeScreenTile(id);
  const tile = document.getElementById('tile-' + id);
  if (tile) {
    const video = tile.querySelector('video');
    video.srcObject = null;
    tile.remove();
  }
}

// ---- the participant list; moderator buttons only when this session may moderate

function button(id, text, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.className = className;
  b.textContent = text;
  b.setAttribute('aria-pressed', 'false');
  b.addEventListener('click', onClick);
  return b;
}

function listEntry(client, id, name, isSelf) {
  let item = document.getElementById('person-' + id);
  if (!item) {
    item = document.createElement('li');
    item.id = 'person-' + id;
    item.dataset.participant = id;
    const label = document.createElement('span');
    label.className = 'name';
    item.append(label);
    if (!isSelf && client.canModerate) {
      const actions = document.createElement('div');
      actions.className = 'actions';
      actions.append(
        button('mute-' + id, 'Mute', 'mute', () => client.requestMute(id, 'audio')),
        button('listen-' + id, 'Make listener', 'listen', () => client.makeListener(id)),
        button('kick-' + id, 'Remove', 'kick', () => client.kick(id)));
      item.append(actions);
    }
    if (isSelf) {
      participantList.prepend(item);
    } else {
      participantList.append(item);
    }
  }
  item.querySelector('.name').textContent = isSelf ? name + ' (you)' : name;
  return item;
}

function markListener(id) {
  const item = document.getElementById('person-' + id);
  if (!item) {
    return;
  }
  item.classList.add('listener');
  const listen = item.querySelector('button.listen');
  if (listen) {
    listen.setAttribute('aria-pressed', 'true');
    listen.disabled = true;
    listen.textContent = 'Listener';
  }
  if (!item.querySelector('.tag')) {
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = 'listening only';
    item.querySelector('.name').after(tag);
  }
}

function removeListEntry(id) {
  const item = document.getElementById('person-' + id);
  if (item) {
    item.remove();
  }
}

// ---- the call's controls

function showMicrophone(enabled) {
  microphoneButton.setAttribute('aria-pressed', String(!enabled));
  microphoneButton.textContent = enabled ? 'Mute microphone' : 'Unmute microphone';
}

function showCamera(enabled) {
  cameraButton.setAttribute('aria-pressed', String(!enabled));
  cameraButton.textContent = enabled ? 'Turn camera off' : 'Turn camera on';
}

function showPolicy(policy) {
  const locked = Boolean(policy && policy.locked);
  lockButton.setAttribute('aria-pressed', String(locked));
  lockButton.textContent = locked ? 'Unlock call' : 'Lock call';
}

// The session is over: no controls, no list.
function hideCall() {
  controls.hidden = true;
  people.hidden = true;
  participantList.replaceChildren();
}

// How the media travels now (the SDK's `mediamode`): shown after the status, never flickering between.
let mediaPath = '';

function refreshStatus(self) {
  const others = names.size;
  setStatus(self.name + ' in the call' + (others === 0 ? ', waiting for others.' : ' with ' + others
    + (others === 1 ? ' other.' : ' others.')) + mediaPath);
}

async function start() {
  const { invite, token: givenToken, name: requestedName, server, channel } = readFragment();
  if (!invite && !givenToken) {
    showError('This page needs a join link (…/#invite=…). Run ./canal dev to print one.');
    return;
  }
  const name = (requestedName || friendlyName()).slice(0, 64);

  setStatus('Asking for camera and microphone…');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  } catch (error) {
    if (error.name === 'NotAllowedError' || error.name === 'SecurityError') {
      showError('Camera and microphone were refused. Allow them for this site and reload the page.');
    } else if (error.name === 'NotFoundError' || error.name === 'OverconstrainedError') {
      showError('No camera or microphone was found.');
    } else if (error.name === 'NotReadableError') {
      showError('The camera or microphone is in use by another program.');
    } else {
      showError('Could not open camera and microphone: ' + error.message);
    }
    return;
  }

  const client = new CanalClient();
  window.canal = client; // A handle for the browser console (and browser tests): state, connections.
  let self = null;
  client.addEventListener('joined', (event) => {
    self = event.detail.self;
    const selfTile = tileFor(self.id, self.name, true);
    const video = selfTile.querySelector('video');
    video.srcObject = stream;
    video.play().catch(() => {});
    listEntry(client, self.id, self.name, true);
    for (const participant of event.detail.participants) {
      names.set(participant.id, participant.name);
      tileFor(participant.id, participant.name, false);
      listEntry(client, participant.id, participant.name, false);
    }
    const grants = event.detail.grants || {};
    const publishes = Array.isArray(grants.publish) && grants.publish.length > 0;
    microphoneButton.disabled = !publishes;
    cameraButton.disabled = !publishes;
    screenButton.hidden = !(publishes && grants.publish.includes('screen'));
    showMicrophone(client.isLocalEnabled('audio'));
    showCamera(client.isLocalEnabled('video'));
    lockButton.hidden = !client.canModerate;
    showPolicy(event.detail.policy);
    controls.hidden = false;
    people.hidden = false;
    leaveButton.hidden = false;
    refreshStatus(self);
  });
  client.addEventListener('participantjoined', (event) => {
    const participant = event.detail.participant;
    names.set(participant.id, participant.name);
    tileFor(participant.id, participant.name, false);
    listEntry(client, participant.id, participant.name, false);
    refreshStatus(self);
  });
  client.addEventListener('participantleft', (event) => {
    names.delete(event.detail.participant);
    removeTile(event.detail.participant);
    removeListEntry(event.detail.participant);
    refreshStatus(self);
  });
  client.addEventListener('participantreconnecting', (event) => {
    markReconnecting(event.detail.participant, true);
  });
  client.addEventListener('participantreconnected', (event) => {
    markReconnecting(event.detail.participant, false);
  });
  client.addEventListener('track', (event) => {
    const { participant, kind, mid, source, stream: remote } = event.detail;
    const name = names.get(participant) || 'Participant';
    let tile = tileFor(participant, name, false);
    // By the source its publisher declared (docs/signaling.md, Track sources): a screen in a tile of its
    // own, the camera and microphone in the participant's tile. Without a `source` (an older node), a
    // participant's first video on a path is its camera and another one on the same path its screen.
    const samePath = (tile.dataset.videoMid || '').startsWith('p2p') === mid.startsWith('p2p');
    const screen = kind === 'video' && (source ? source === 'screen'
      : Boolean(tile.dataset.videoMid) && samePath && tile.dataset.videoMid !== mid);
    if (screen) {
      tile = screenTileFor(participant, name, mid);
    }
    remote.getTracks().forEach((track) => attach(tile, track, mid));
    if (remote.getVideoTracks().length > 0) {
      tile.querySelector('video').dataset.source = screen ? 'screen' : 'camera'; // browser tests read it
    }
  });
  // Moderation (docs/moderation.md): shown to the participant it concerns.
  client.addEventListener('kicked', () => {
    stream.getTracks().forEach((track) => track.stop());
    for (const tile of grid.querySelectorAll('.tile')) {
      removeTile(tile.dataset.participant);
    }
    leaveButton.hidden = true;
    hideCall();
    showError(ERROR_TEXT.KICKED);
  });
  client.addEventListener('muterequest', (event) => {
    setStatus('A moderator muted your ' + (event.detail.kind === 'audio' ? 'microphone.' : 'camera.'));
  });
  client.addEventListener('grantschanged', (event) => {
    if (event.detail.reason === 'listenOnly') {
      stream.getTracks().forEach((track) => track.stop());
      microphoneButton.disabled = true;
      cameraButton.disabled = true;
      screenButton.hidden = true;
      showMicrophone(false);
      showCamera(false);
      if (self) {
        markListener(self.id);
      }
      setStatus('A moderator made you a listener: others no longer see or hear you.');
    }
  });
  // A camera that ends keeps its tile (the person is still there); an ended screen's tile goes. Either
  // only when the tile still shows that very track (see detach).
  client.addEventListener('trackended', (event) => {
    const { participant, kind, mid } = event.detail;
    const screen = document.getElementById('screen-' + participant);
    if (kind === 'video' && screen && screen.dataset.videoMid === mid) {
      removeScreenTile(participant);
    } else {
      detach(document.getElementById('tile-' + participant), kind, mid);
    }
  });
  client.addEventListener('mediamode', (event) => {
    const { mode, peer } = event.detail;
    mediaPath = mode === 'p2p' && peer ? ' Direct connection (peer-to-peer).'
      : mode === 'sfu' && names.size > 0 ? ' Through the server.' : '';
    document.body.dataset.media = mode;
    if (self) {
      refreshStatus(self);
    }
  });
  client.addEventListener('screen', (event) => {
    screenButton.setAttribute('aria-pressed', String(event.detail.sharing));
    screenButton.textContent = event.detail.sharing ? 'Stop sharing' : 'Share screen';
    if (event.detail.sharing && self) {
      const video = screenTileFor(self.id, self.name + ' (you)', '').querySelector('video');
      video.srcObject = client.screenStream;
      video.play().catch(() => {});
    } else if (self) {
      removeScreenTile(self.id);
    }
  });
  client.addEventListener('localtrack', (event) => {
    if (event.detail.kind === 'audio') {
      showMicrophone(event.detail.enabled);
    } else {
      showCamera(event.detail.enabled);
    }
  });
  client.addEventListener('moderated', (event) => {
    const { action, participant, result } = event.detail;
    if (action === 'listenOnly' && (result === 'done' || result === 'unchanged')) {
      markListener(participant);
    }
    showPolicy(event.detail.policy);
  });
  client.addEventListener('channelpolicy', (event) => {
    showPolicy(event.detail.policy);
    setStatus(event.detail.policy.locked ? 'A moderator locked the call.' : 'The call\'s settings changed.');
  });
  // A dropped signaling connection: the call and its media go on while the SDK resumes the session.
  client.addEventListener('reconnecting', () => {
    setStatus('Reconnecting…');
  });
  client.addEventListener('reconnected', () => {
    refreshStatus(self);
  });
  client.addEventListener('error', (event) => {
    if (client.state === 'ended') {
      // The session is over (not resumed in time, or the server closed it): nothing left to show.
      stream.getTracks().forEach((track) => track.stop());
      for (const tile of grid.querySelectorAll('.tile')) {
        removeTile(tile.dataset.participant);
      }
      leaveButton.hidden = true;
      hideCall();
    }
    showError(errorText(event.detail.code, 'Error ' + event.detail.code + ': ' + event.detail.message));
  });

  const leave = () => {
    client.leave();
    stream.getTracks().forEach((track) => track.stop());
    for (const tile of grid.querySelectorAll('.tile')) {
      removeTile(tile.dataset.participant);
    }
    leaveButton.hidden = true;
    hideCall();
    setStatus('You left the call.');
  };
  leaveButton.addEventListener('click', leave);
  microphoneButton.addEventListener('click', () => {
    client.setMicrophoneEnabled(!client.isLocalEnabled('audio'));
  });
  cameraButton.addEventListener('click', () => {
    client.setCameraEnabled(!client.isLocalEnabled('video'));
  });
  screenButton.addEventListener('click', () => {
    if (client.sharingScreen) {
      client.unpublishScreen();
      return;
    }
    client.publishScreen().catch((error) => {
      setStatus(error.code === 'NotAllowedError' ? 'Screen sharing was cancelled.'
        : 'Could not share the screen: ' + error.message);
    });
  });
  lockButton.addEventListener('click', () => {
    if (client.policy && client.policy.locked) {
      client.unlock();
    } else {
      client.lock();
    }
  });
  // Closing or reloading the tab sends no `leave`: a reload takes the session back below (same
  // participant, no leave-and-join for the others). The SDK tells the node `unloading` on pagehide, so a
  // closed tab leaves the others after the node's short unload grace (10 s) rather than 30 s.
  client.addEventListener('speaking', (event) => {
    const tile = document.getElementById('tile-' + event.detail.participant);
    if (tile) {
      tile.classList.toggle('speaking', event.detail.speaking);
    }
  });

  const url = 'wss://' + location.host + '/ws';
  // This tab's session for this link, kept by the SDK in sessionStorage (never in localStorage).
  const remember = location.pathname + location.hash;
  if (CanalClient.storedSession(remember)) {
    setStatus('Rejoining…');
    try {
      await client.rejoin({ url, key: remember, stream });
      return;
    } catch (error) {
      if (error.code !== 'UNKNOWN_SESSION') {
        stream.getTracks().forEach((track) => track.stop());
        showError(errorText(error.code, 'Could not rejoin: ' + error.message));
        return;
      }
      // The session is over (its grace period ended): join as new, below.
    }
  }

  let token = givenToken;
  if (!token && isJoinToken(invite)) {
    token = invite; // An older link whose invite is a JWT itself.
  } else if (!token) {
    // Redeemed only now, after the camera question: each redemption uses the invite once, and the
    // token it gives lives two minutes.
    setStatus('Checking the invite…');
    try {
      token = (await redeemInvite(invite)).token;
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      showError(errorText(error.code, 'Could not use the invite: ' + error.message));
      return;
    }
  }

  setStatus('Joining…');
  try {
    await client.join({ url, token, name, stream, server, channel, remember });
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop());
    showError(errorText(error.code, 'Could not join: ' + error.message));
  }
}

start();
