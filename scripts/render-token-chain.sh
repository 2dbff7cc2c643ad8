#!/usr/bin/env bash
# Renders docs/images/token-chain.{dot,svg}: the block chain of a sample token, as `wafer inspect --graph`
# prints it, drawn by Graphviz. The token has an authority block, an attenuation, a third-party block and a
# seal. Keys are fresh each run, so the output differs from run to run in its key and id prefixes only.
#
# Usage: bash scripts/render-token-chain.sh            (builds wafer with `swift build` first)
#        WAFER_BIN=/path/to/wafer bash scripts/render-token-chain.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
if [ -z "${WAFER_BIN:-}" ]; then
  swift build --product wafer >&2
  WAFER_BIN="$(swift build --show-bin-path)/wafer"
fi
command -v dot >/dev/null || { echo "render-token-chain: Graphviz's 'dot' is missing (apt-get install graphviz)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
wafer() { "$WAFER_BIN" "$@"; }

wafer keygen --output root.key > root.pub
third_party="$(wafer keygen --output directory.key)"
token="$(wafer mint --key root.key --code "user(\"alice\");
right(\"file1\", \"read\");
right(\"file1\", \"write\");
check if group(\"staff\") trusting $third_party;")"
token="$(wafer attenuate "$token" --code 'check if operation("read") trusting authority;
check if time($t), $t <= 2030-01-01T00:00:00Z;')"
request="$(wafer third-party request "$token" --public-key root.pub)"
block="$(wafer third-party create "$request" --key directory.key --code 'group("staff");')"
token="$(wafer third-party append "$token" "$block" --public-key root.pub)"
token="$(wafer seal "$token")"

mkdir -p "$root/docs/images"
wafer inspect "$token" --public-key-file root.pub --graph > "$root/docs/images/token-chain.dot"
dot -Tsvg "$root/docs/images/token-chain.dot" > "$root/docs/images/token-chain.svg"
echo "wrote docs/images/token-chain.dot and docs/images/token-chain.svg" >&2
