#!/usr/bin/env bash
# Runs every Canal test. Installs what the tests need when it is missing (as root, from Debian's
# packages), then builds all modules and runs the whole suite with Maven.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing ${need[*]}; install them (or run as root so this script can)" >&2
    exit 1
  fi
  apt-get update -q && apt-get install -y -q "${need[@]}"
fi

exec mvn -B verify "$@"
