// Proves a browser works in the test namespace: the node's page assets load under its CSP,
// getUserMedia opens the fake devices, and two RTCPeerConnections in this page connect to each other
// over 127.0.0.1 only and decode each other's media. Results are POSTed to /it/results/<browser>.
const browser = location.hash.replace(/^#/, '') || 'unknown';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function probe() {
  const result = { browser, userAgent: navigator.userAgent };
  const sdk = await import('/sdk/canal.js');
  result.sdkLoaded = typeof sdk.CanalClient === 'function';

  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  result.tracks = stream.getTracks().map((t) => t.kind).sort();

  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.addEventListener('icecandidate', (e) => e.candidate && receiver.addIceCandidate(e.candidate));
  receiver.addEventListener('icecandidate', (e) => e.candidate && sender.addIceCandidate(e.candidate));
  stream.getTracks().forEach((track) => sender.addTrack(track, stream));
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription);

  const started = performance.now();
  let inbound = [];
  while (performance.now() - started < 20000) {
    const stats = await receiver.getStats();
    inbound = [];
    stats.forEach((s) => s.type === 'inbound-rtp' && inbound.push(s));
    const video = inbound.find((s) => s.kind === 'video');
    const audio = inbound.find((s) => s.kind === 'audio');
    if (receiver.connectionState === 'connected' && video && video.framesDecoded > 0 && audio
        && audio.packetsReceived > 0) {
      break;
    }
    await sleep(200);
  }
  result.connectionState = receiver.connectionState;
  result.inbound = inbound.map((s) => ({ kind: s.kind, packetsReceived: s.packetsReceived || 0,
    framesDecoded: s.framesDecoded || 0 }));

  const stats = await receiver.getStats();
  const pairs = [];
  const addresses = [];
  let transport = null;
  stats.forEach((s) => {
    if (s.type === 'candidate-pair') pairs.push(s);
    if (s.type === 'transport') transport = s;
    if (s.type === 'local-candidate' || s.type === 'remote-candidate') addresses.push(s.address || s.ip);
  });
  const selected = (transport && stats.get(transport.selectedCandidatePairId))
    || pairs.find((p) => p.selected) || pairs.find((p) => p.nominated && p.state === 'succeeded');
  if (selected) {
    const local = stats.get(selected.localCandidateId);
    const remote = stats.get(selected.remoteCandidateId);
    result.selectedPair = { local: local.address || local.ip, remote: remote.address || remote.ip };
  }
  result.candidateAddresses = [...new Set(addresses)];
  result.srtpCipher = transport ? transport.srtpCipher || null : null;
  sender.close();
  receiver.close();
  stream.getTracks().forEach((track) => track.stop());
  return result;
}

probe()
  .catch((error) => ({ browser, error: String(error && error.stack || error) }))
  .then((result) => fetch('/it/results/' + encodeURIComponent(browser), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(result),
  }))
  .then(() => { document.getElementById('result').textContent = 'reported'; });
