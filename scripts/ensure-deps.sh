#!/usr/bin/env bash
# Installs what building and testing Wafer needs and a fresh machine of this kind lacks: libsodium's headers,
# Graphviz's `dot` (the CLI tests render `wafer inspect --graph`) and GNU time (the adversarial tests read a
# child's peak memory with it). Idempotent: does nothing when they are already there.
set -euo pipefail

if pkg-config --exists libsodium 2>/dev/null && command -v dot >/dev/null && [ -x /usr/bin/time ]; then
  exit 0
fi
echo "wafer: libsodium-dev, graphviz or time is missing; installing them with apt-get" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "wafer: need root (or sudo) to install libsodium-dev and graphviz" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libsodium-dev pkg-config graphviz time >/dev/null
pkg-config --exists libsodium || { echo "wafer: libsodium-dev did not install" >&2; exit 1; }
command -v dot >/dev/null || { echo "wafer: graphviz did not install" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "wafer: time did not install" >&2; exit 1; }
