#!/usr/bin/env bash
# famsync for macOS (aarch64-apple-darwin), type-checked and linted, not built: there is no
# macOS SDK here, so nothing is linked or run. cargo check still runs the build scripts, and
# two of them compile C for the target: objc2's exception helper (it includes no header) and
# ring, which is built the way it is cross-built without a libc (RING_CORE_NOSTDLIBINC: clang's
# own stdint.h and stddef.h only) and needs one Apple header, TargetConditionals.h. A stand-in
# with its macOS values is made here. The objects are never linked: the check is of famsync's
# Rust code on macOS, the Unix side of each platform module with its macOS branches.
set -euo pipefail
cd "$(dirname "$0")/.."
include=$(mktemp -d)
trap 'rm -rf "$include"' EXIT
cat >"$include/TargetConditionals.h" <<'H'
/* Stand-in for the macOS SDK's header (scripts/check-macos.sh): macOS on a Mac. */
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 1
#define TARGET_OS_IPHONE 0
#define TARGET_OS_IOS 0
#define TARGET_OS_SIMULATOR 0
H
CC_aarch64_apple_darwin=clang \
  CFLAGS_aarch64_apple_darwin="-nostdlibinc -isystem $include -DRING_CORE_NOSTDLIBINC=1" \
  CARGO_INCREMENTAL=0 \
  cargo clippy -q --target aarch64-apple-darwin --workspace --lib --bins --tests --features famsync-core/ts -- -D warnings
echo "ok: famsync for macOS type-checks and is clippy-clean (aarch64-apple-darwin, not linked: no SDK here)"
