#!/usr/bin/env bash
# Startup and memory of the desktop app against a bare Tauri v2 hello world (bench/hello), in
# the same run, both built with the same release profile. Each window reports the moment its
# first page is painted (famsync: the first step with the installation's real status, here the
# us fixture) to its Rust side, which writes it to $BENCH_SHOWN_FILE with the moment the page's
# navigation began. Startup is the first moment minus the moment of launch, split at the second
# into the native start (process, GTK, WebKit's processes) and the page's own part. Memory is
# the proportional set size (PSS) of the app and every process under it (WebKit's web and
# network processes), 2 s after that moment (BENCH_SETTLE). One warm-up launch each, then
# BENCH_RUNS launches each, taken in turns; the medians are compared.
# famsync turns WebKit's accelerated compositing off (src-tauri/src/rendering.rs); the hello
# world keeps WebKit's default. So the hello world is also launched with compositing off
# (WEBKIT_DISABLE_COMPOSITING_MODE=1), and famsync is compared with both.
# Run by `make bench`, under Xvfb and a private D-Bus session with gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-10}
# Seconds after the first paint at which memory is read (BENCH_SETTLE).
export BENCH_SETTLE=${BENCH_SETTLE:-2}

if [ "${1:-}" != --inside ]; then
  cargo build --release -p famsync-app --features custom-protocol
  cargo build --release --manifest-path bench/hello/Cargo.toml --target-dir target --features custom-protocol
  work=$(mktemp -d)
  trap 'kill "${xvfb:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
  Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
  mkdir -p "$work/home" "$work/run" && chmod 700 "$work/run"
  cp -r tests/fixtures/us "$work/" && chmod 600 "$work/us/bwdata/env/global.override.env"
  export DISPLAY=":$(cat "$work/display")" HOME="$work/home" XDG_RUNTIME_DIR="$work/run"
  export XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
  export XDG_CACHE_HOME="$work/home/.cache" LANG=C.UTF-8 BENCH_WORK="$work"
  export FAMSYNC_BWDATA="$work/us/bwdata"
  # Nothing leaves this machine: a cloud or server check would fail at once on a closed port.
  export FAMSYNC_CLOUD_US=http://127.0.0.1:9 FAMSYNC_CLOUD_EU=http://127.0.0.1:9 FAMSYNC_SERVER_URL=http://127.0.0.1:9
  # The session's daemons talk on stdout and stderr: kept in a file, shown only on failure.
  dbus-run-session -- "$0" --inside >"$work/session.log" 2>&1 || { tail -n 30 "$work/session.log"; exit 1; }
  cat "$work/results"
  exit 0
fi

printf famsync-bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
shown="$BENCH_WORK/shown"

tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
pss_kib() { awk '/^Pss:/ { s += $2 } END { print s }' $(for p in "$@"; do echo "/proc/$p/smaps_rollup"; done); }

# One launch of $1: prints "startup_ms pss_kib", the PSS of each process (one word), and the
# ms from launch to the page's navigation.
launch() {
  rm -f "$shown"
  local t0 pid at origin pids
  t0=$(date +%s%3N)
  BENCH_SHOWN_FILE="$shown" "$1" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 600); do [ -s "$shown" ] && break; sleep 0.05; done
  [ -s "$shown" ] || { echo "bench-startup: $1 never reported its first paint" >&2; kill "$pid"; exit 1; }
  read -r at origin <"$shown"
  sleep "$BENCH_SETTLE"
  pids=$(tree "$pid")
  echo "$((at - t0)) $(pss_kib $pids) $(for p in $pids; do printf '%s=%s\n' "$(cat "/proc/$p/comm")" "$(pss_kib "$p")"; done |
    awk -F= '{ printf "%s%s %.1f MiB", sep, $1, $2 / 1024; sep = ", " }' | tr ' ' '_') $((origin - t0))"
  kill $pids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # The next famsync must not find this one still holding its single-instance lock.
  while pgrep -f "^$1" >/dev/null; do sleep 0.05; done
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

app=target/release/famsync-app hello=target/release/hello
plain() { WEBKIT_DISABLE_COMPOSITING_MODE=1 launch "$@"; }
launch "$app" >/dev/null && launch "$hello" >/dev/null
: >"$BENCH_WORK/app" && : >"$BENCH_WORK/hello" && : >"$BENCH_WORK/plain"
for _ in $(seq "$runs"); do
  launch "$hello" >>"$BENCH_WORK/hello"
  plain "$hello" >>"$BENCH_WORK/plain"
  launch "$app" >>"$BENCH_WORK/app"
done
ms() { cut -d' ' -f1 "$BENCH_WORK/$1" | median; }
kib() { cut -d' ' -f2 "$BENCH_WORK/$1" | median; }
exec >"$BENCH_WORK/results"
echo "# startup and memory (scripts/bench-startup.sh; $runs launches each, medians, release profile, memory $BENCH_SETTLE s after the first paint)"
# The PSS of each process in the last launch of $1.
by_process() { tail -n1 "$BENCH_WORK/$1" | cut -d' ' -f3 | tr '_' ' '; }
echo "PSS by process, last launch: famsync $(by_process app); hello $(by_process hello); hello without compositing $(by_process plain)"
# Every launch, in order, so the spread behind each median shows.
each() { cut -d' ' -f1 "$BENCH_WORK/$1" | tr '\n' ' '; }
echo "startup of each launch, ms: famsync $(each app); hello $(each hello); hello without compositing $(each plain)"
# Launch to navigation, and navigation to the first paint reported, medians of each launch's.
native() { cut -d' ' -f4 "$BENCH_WORK/$1" | median; }
page() { awk '{ print $1 - $4 }' "$BENCH_WORK/$1" | median; }
echo "startup, launch to the page's navigation: famsync $(native app) ms, hello $(native hello) ms, hello without compositing $(native plain) ms"
echo "startup, navigation to the first paint reported: famsync $(page app) ms, hello $(page hello) ms, hello without compositing $(page plain) ms"
awk -v a="$(ms app)" -v h="$(ms hello)" -v p="$(ms plain)" 'BEGIN {
  printf "startup   famsync %d ms, bare Tauri hello world %d ms: %.2fx (target: within 1.2x): %s\n", a, h, a / h, (a <= 1.2 * h ? "met" : "NOT met")
  printf "          hello world without compositing, as famsync runs: %d ms: %.2fx\n", p, a / p }'
awk -v a="$(kib app)" -v h="$(kib hello)" -v p="$(kib plain)" 'BEGIN {
  printf "memory    famsync %.1f MiB PSS, bare Tauri hello world %.1f MiB: %.2fx (target: within 1.15x): %s\n", a / 1024, h / 1024, a / h, (a <= 1.15 * h ? "met" : "NOT met")
  printf "          hello world without compositing, as famsync runs: %.1f MiB: %.2fx\n", p / 1024, a / p }'
