#!/usr/bin/env bash
# Regenerates Sources/WaferBiscuit/Format/Generated/schema.pb.swift from Format/schema.proto.
#
# Needs protoc (Debian: apt-get install -y protobuf-compiler). Builds protoc-gen-swift from swift-protobuf at
# the version the package depends on when it is not found (PROTOC_GEN_SWIFT overrides the path). The generated
# types are internal to WaferBiscuit: never public API.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FORMAT_DIR="$ROOT/Sources/WaferBiscuit/Format"
OUT_DIR="$FORMAT_DIR/Generated"
SWIFT_PROTOBUF_VERSION="${SWIFT_PROTOBUF_VERSION:-1.39.0}"
SWIFT_PROTOBUF_SOURCE="${SWIFT_PROTOBUF_SOURCE:-/opt/swift-packages/apple/swift-protobuf.git}"
BUILD_DIR="${SWIFT_PROTOBUF_BUILD_DIR:-/tmp/swift-protobuf}"
PLUGIN="${PROTOC_GEN_SWIFT:-$BUILD_DIR/.build/release/protoc-gen-swift}"

command -v protoc >/dev/null || { echo "protoc not found: apt-get install -y protobuf-compiler" >&2; exit 1; }

if [[ ! -x "$PLUGIN" ]]; then
    echo "building protoc-gen-swift $SWIFT_PROTOBUF_VERSION in $BUILD_DIR (a few minutes)" >&2
    if [[ ! -d "$BUILD_DIR/.git" ]]; then
        git clone -q "$SWIFT_PROTOBUF_SOURCE" "$BUILD_DIR"
    fi
    git -C "$BUILD_DIR" checkout -q "$SWIFT_PROTOBUF_VERSION"
    (cd "$BUILD_DIR" && swift build -c release --product protoc-gen-swift)
    PLUGIN="$BUILD_DIR/.build/release/protoc-gen-swift"
fi

mkdir -p "$OUT_DIR"
protoc --plugin=protoc-gen-swift="$PLUGIN" \
    --swift_out="$OUT_DIR" \
    --swift_opt=Visibility=Internal \
    -I "$FORMAT_DIR" "$FORMAT_DIR/schema.proto"
echo "wrote $OUT_DIR/schema.pb.swift" >&2
