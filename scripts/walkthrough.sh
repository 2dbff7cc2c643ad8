#!/usr/bin/env bash
# Wafer's main job, from a fresh clone: install what is missing, build, and walk through
# mint → attenuate → authorize with Biscuit tokens, offline.
#
# WAFER_BIN=/path/to/wafer skips the build and uses that binary (the test suite does this).
# WAFER_WALKTHROUGH_DIR chooses where the walkthrough's files go (default: a new temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${WAFER_BIN:-}" ]; then
  bash scripts/ensure-deps.sh
  echo "==> building wafer (release; a few minutes the first time)"
  swift build -c release --product wafer 2>&1 | grep -E "error|warning: |Build" || true
  WAFER_BIN="$(swift build -c release --show-bin-path)/wafer"
fi
[ -x "$WAFER_BIN" ] || { echo "wafer: the build did not produce $WAFER_BIN" >&2; exit 1; }
wafer() { "$WAFER_BIN" "$@"; }

work="${WAFER_WALKTHROUGH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
echo "==> wafer $(wafer --version), working in $work"

echo
echo "==> 1. the service generates its root key pair (private key in a 0600 file)"
public_key="$(wafer keygen --output "$work/root.key")"
echo "root public key: $public_key"

echo
echo "==> 2. the service mints a token for alice: read and write on one file, valid until 2030"
token="$(wafer mint --key "$work/root.key" --code '
  user("alice");
  right("alice", "/files/report.txt", "read");
  right("alice", "/files/report.txt", "write");
  check if time($t), $t < 2030-01-01T00:00:00Z;')"
echo "token: ${token:0:48}… (${#token} characters)"

echo
echo "==> 3. alice attenuates it offline, with no key: read-only, and only for the next hour"
expiry="$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
readonly_token="$(wafer attenuate "$token" --code "check if operation(\"read\"); check if time(\$t), \$t < $expiry;")"
echo "attenuated token: ${readonly_token:0:48}… (${#readonly_token} characters)"
wafer inspect "$readonly_token" --public-key "$public_key" | sed 's/^/    /'

authorizer='resource("/files/report.txt"); operation("OP"); allow if user($u), resource($r), operation($op), right($u, $r, $op);'

echo
echo "==> 4. the file service authorizes a read with the attenuated token: allowed"
wafer authorize "$readonly_token" --public-key "$public_key" --time now --code "${authorizer/OP/read}"

echo
echo "==> 5. … and a write: denied by alice's own check, though the token's rights would allow it"
set +e
wafer authorize "$readonly_token" --public-key "$public_key" --time now --code "${authorizer/OP/write}"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "wafer: expected the write to be denied (exit 1), got exit $status" >&2; exit 1; }

echo
echo "==> done: the narrowed token reads but cannot write, and no service was called to narrow it"
