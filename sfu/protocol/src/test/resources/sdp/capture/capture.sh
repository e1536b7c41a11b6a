#!/usr/bin/env bash
# Captures real SDP offers and answers from headless Chromium and Firefox ESR for Canal's SDP tests.
#
#   sudo ./capture.sh [OUTDIR]        (default OUTDIR: the directory above this one)
#
# Everything runs in a loopback-only network namespace (unshare -n), so the browsers see only lo and
# their host candidates are 127.0.0.1; the machine's other interfaces never see this traffic.
# Needs: chromium, firefox-esr (Debian packages), python3, iproute2, root (or use unshare -rn).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(cd "${1:-$HERE/..}" && pwd)"

if [[ "${CANAL_CAPTURE_INSIDE:-}" != 1 ]]; then
  exec unshare -n env CANAL_CAPTURE_INSIDE=1 bash "$0" "$OUT"
fi

ip link set lo up
# Firefox gathers no candidate at all (ICE error 10) without a default route; a route through lo keeps
# every packet on loopback and gives it 127.0.0.1 as the default address.
ip route add default dev lo src 127.0.0.1
PORT=8734
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 "$HERE/capture_server.py" "$PORT" "$OUT" 2>"$WORK/server.log" &
SERVER=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

# Starts a browser in its own process group, waits for NAME.sdp (or NAME.fail), ends that group.
wait_for() {
  local name="$1" pid="$2"
  for _ in $(seq 600); do
    [[ -s "$OUT/$name.sdp" || -e "$OUT/$name.fail" ]] && break
    sleep 0.1
  done
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ -e "$OUT/$name.fail" ]]; then echo "FAILED $name: $(cat "$OUT/$name.fail")" >&2; return 1; fi
  [[ -s "$OUT/$name.sdp" ]] || { echo "TIMEOUT $name" >&2; return 1; }
  echo "captured $name.sdp"
}

chromium() { # NAME QUERY
  local name="$1" query="$2" profile="$WORK/chromium-$1"
  rm -f "$OUT/$name.sdp" "$OUT/$name.fail"
  setsid /usr/lib/chromium/chromium --headless=new --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
    --allow-loopback-in-peer-connection --disable-features=WebRtcHideLocalIpsWithMdns \
    "http://127.0.0.1:$PORT/capture.html?$query&out=$name" >"$WORK/$name.log" 2>&1 &
  wait_for "$name" $!
}

firefox() { # NAME QUERY
  local name="$1" query="$2" profile="$WORK/firefox-$1"
  rm -f "$OUT/$name.sdp" "$OUT/$name.fail"
  mkdir -p "$profile"
  cat >"$profile/user.js" <<'PREFS'
user_pref("media.navigator.streams.fake", true);
user_pref("media.navigator.permission.disabled", true);
user_pref("media.peerconnection.ice.loopback", true);
user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);
user_pref("media.peerconnection.ice.default_address_only", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("app.update.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
PREFS
  setsid firefox-esr --headless --no-remote --profile "$profile" \
    "http://127.0.0.1:$PORT/capture.html?$query&out=$name" >"$WORK/$name.log" 2>&1 &
  wait_for "$name" $!
}

chromium chromium-offer-simulcast "mode=offer-simulcast"
chromium chromium-offer-plain     "mode=offer-plain"
chromium chromium-offer-data      "mode=offer-data"
firefox  firefox-offer-simulcast  "mode=offer-simulcast"
firefox  firefox-offer-plain      "mode=offer-plain"
chromium chromium-answer-to-firefox-simulcast "mode=answer&in=firefox-offer-simulcast"
chromium chromium-answer-to-firefox-plain     "mode=answer&in=firefox-offer-plain"
firefox  firefox-answer-to-chromium-simulcast "mode=answer&in=chromium-offer-simulcast"
firefox  firefox-answer-to-chromium-plain     "mode=answer&in=chromium-offer-plain"

echo "versions: $(/usr/lib/chromium/chromium --version) / $(firefox-esr --version)"

