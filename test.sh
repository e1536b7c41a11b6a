#!/usr/bin/env bash
# Runs every Canal test. Installs what the tests need when it is missing (as root, from Debian's
# packages), then builds all modules and runs the whole suite with Maven: unit tests (surefire) and
# the browser tests (failsafe, *IT), which run in a loopback-only network namespace (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# Browser tests: headless Chromium with its driver, headless Firefox ESR, and certutil to make
# Firefox trust the dev node's self-signed certificate; unshare and ip build the test namespace.
[ -x /usr/lib/chromium/chromium ] || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v sysctl >/dev/null 2>&1 || need+=(procps)
# STUN/TURN tests: Debian's coturn, started by TurnServerIT on 127.0.0.1 (docs/turn.md).
[ -x /usr/bin/turnserver ] || need+=(coturn)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing ${need[*]}; install them (or run as root so this script can)" >&2
    exit 1
  fi
  apt-get update -q && apt-get install -y -q "${need[@]}"
fi

exec mvn -B verify "$@"
