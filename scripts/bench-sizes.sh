#!/usr/bin/env bash
# Binary sizes, stripped, one release profile (LTO, strip, one codegen unit) for all: the
# desktop app against a bare Tauri v2 hello world (bench/hello), the CLI, and the .deb when
# `make bundle` has made one. Prints each figure with its target and the command.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p famsync-cli
cargo build --release -p famsync-app --features custom-protocol
cargo build --release --manifest-path bench/hello/Cargo.toml --target-dir target --features custom-protocol
size() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
app=$(size target/release/famsync-app) hello=$(size target/release/hello) cli=$(size target/release/famsync)
echo "# sizes (scripts/bench-sizes.sh; release profile: lto, strip, codegen-units 1)"
awk -v a="$app" -v h="$hello" -v am="$(mib "$app")" -v hm="$(mib "$hello")" 'BEGIN {
  printf "desktop app   %s, bare Tauri hello world %s: %.2fx (target: within 1.25x): %s\n", am, hm, a / h, (a <= 1.25 * h ? "met" : "NOT met") }'
awk -v c="$cli" -v cm="$(mib "$cli")" 'BEGIN { printf "CLI           %s, %d bytes (target: under 6 MB = 6000000 bytes): %s\n", cm, c, (c < 6000000 ? "met" : "NOT met") }'
for deb in target/release/bundle/deb/*.deb; do
  [ -e "$deb" ] || { echo ".deb          none yet: make bundle"; continue; }
  d=$(size "$deb")
  awk -v d="$d" -v dm="$(mib "$d")" -v n="$(basename "$deb")" 'BEGIN { printf ".deb          %s %s, %d bytes (target: under 8 MB): %s\n", n, dm, d, (d < 8000000 ? "met" : "NOT met") }'
done
