#!/usr/bin/env bash
# Benchmark: `famsync status` wall time on a local installation (the us fixture), with
# hyperfine, against the release build. Run by `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { [ "$(id -u)" -eq 0 ] && s= || s=sudo; $s apt-get install -y -qq hyperfine >/dev/null; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/us "$work/" && chmod 600 "$work/us/bwdata/env/global.override.env"
bin=target/release/famsync
for args in "status --bwdata $work/us/bwdata" "status --json --bwdata $work/us/bwdata"; do
  echo "famsync $args"
  hyperfine -N --warmup 10 --runs 200 --style basic "$bin $args" 2>&1 | grep -E "Time|Range"
done
