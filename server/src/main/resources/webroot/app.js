// The page served at `/`: opening a join link (https://<node>/#invite=<secret>) asks for the camera
// and microphone, exchanges the invite for a short-lived join token (POST /invites/redeem), and joins
// at once. `#token=<jwt>` joins with a token directly. Both stay in the URL fragment, which browsers
// never send to a server. Optional `name=` in the fragment sets the display name.
import { CanalClient, isJoinToken, redeemInvite } from '/sdk/canal.js';

const grid = document.getElementById('grid');
const statusLine = document.getElementById('status');
const errorBox = document.getElementById('error');
const leaveButton = document.getElementById('leave');

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

function attach(tile, track) {
  const video = tile.querySelector('video');
  const stream = video.srcObject instanceof MediaStream ? video.srcObject : new MediaStream();
  stream.getTracks().filter((t) => t.kind === track.kind).forEach((t) => stream.removeTrack(t));
  stream.addTrack(track);
  video.srcObject = stream;
  video.play().catch(() => {}); // Autoplay may wait for a gesture; the element still shows frames.
}

function removeTile(id) {
  const tile = document.getElementById('tile-' + id);
  if (tile) {
    const video = tile.querySelector('video');
    video.srcObject = null;
    tile.remove();
  }
}

function refreshStatus(self) {
  const others = names.size;
  setStatus(self.name + ' in the call' + (others === 0 ? ', waiting for others.' : ' with ' + others
    + (others === 1 ? ' other.' : ' others.')));
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
    for (const participant of event.detail.participants) {
      names.set(participant.id, participant.name);
      tileFor(participant.id, participant.name, false);
    }
    leaveButton.hidden = false;
    refreshStatus(self);
  });
  client.addEventListener('participantjoined', (event) => {
    const participant = event.detail.participant;
    names.set(participant.id, participant.name);
    tileFor(participant.id, participant.name, false);
    refreshStatus(self);
  });
  client.addEventListener('participantleft', (event) => {
    names.delete(event.detail.participant);
    removeTile(event.detail.participant);
    refreshStatus(self);
  });
  client.addEventListener('track', (event) => {
    const { participant, stream: remote } = event.detail;
    const tile = tileFor(participant, names.get(participant) || 'Participant', false);
    remote.getTracks().forEach((track) => attach(tile, track));
  });
  // Moderation (docs/moderation.md): shown to the participant it concerns.
  client.addEventListener('kicked', () => {
    stream.getTracks().forEach((track) => track.stop());
    for (const tile of grid.querySelectorAll('.tile')) {
      removeTile(tile.dataset.participant);
    }
    leaveButton.hidden = true;
    showError(ERROR_TEXT.KICKED);
  });
  client.addEventListener('muterequest', (event) => {
    setStatus('A moderator muted your ' + (event.detail.kind === 'audio' ? 'microphone.' : 'camera.'));
  });
  client.addEventListener('grantschanged', (event) => {
    if (event.detail.reason === 'listenOnly') {
      stream.getTracks().forEach((track) => track.stop());
      setStatus('A moderator made you a listener: others no longer see or hear you.');
    }
  });
  client.addEventListener('channelpolicy', (event) => {
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
    setStatus('You left the call.');
  };
  leaveButton.addEventListener('click', leave);
  window.addEventListener('pagehide', () => client.leave());

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
    await client.join({ url: 'wss://' + location.host + '/ws', token, name, stream, server, channel });
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop());
    showError(errorText(error.code, 'Could not join: ' + error.message));
  }
}

start();
