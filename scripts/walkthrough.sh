#!/usr/bin/env bash
# Wafer's main job, from a fresh clone: install what is missing, build, and walk through it.
#
# Today the walkthrough generates a root key pair (the private key in a 0600 file) and reads its public key
# back; minting, attenuating and authorizing tokens join it as those capabilities land.
#
# WAFER_BIN=/path/to/wafer skips the build and uses that binary (the test suite does this).
# WAFER_WALKTHROUGH_DIR chooses where the walkthrough's files go (default: a new temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${WAFER_BIN:-}" ]; then
  bash scripts/ensure-deps.sh
  echo "==> building wafer (release)"
  swift build -c release --product wafer 2>&1 | grep -E "error|warning: |Compiling wafer|Build" || true
  WAFER_BIN="$(swift build -c release --show-bin-path)/wafer"
fi
[ -x "$WAFER_BIN" ] || { echo "wafer: the build did not produce $WAFER_BIN" >&2; exit 1; }

work="${WAFER_WALKTHROUGH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
echo "==> wafer $("$WAFER_BIN" --version), working in $work"

echo "==> 1. generate the service's root key pair"
echo "\$ wafer keygen --output $work/root.key"
public_key="$("$WAFER_BIN" keygen --output "$work/root.key")"
echo "$public_key"
echo "    private key file: $(stat -c '%A' "$work/root.key") $work/root.key"

echo "==> 2. read the public key back from the private key file"
echo "\$ wafer pubkey --key $work/root.key"
again="$("$WAFER_BIN" pubkey --key "$work/root.key")"
echo "$again"
[ "$again" = "$public_key" ] || { echo "wafer: the public keys differ" >&2; exit 1; }

echo "==> done: share $public_key with the services that verify tokens; keep root.key secret"
