#!/usr/bin/env bash
# Runs the window tests against the built app: Xvfb, a private D-Bus session, tauri-driver
# (which starts WebKitWebDriver), then node's test runner. HOME and the XDG dirs point at a
# temp dir so no WebKit cache, sample or daemon outlives the run.
set -euo pipefail
app=$(realpath "${1:?usage: run.sh PATH/TO/famsync-app [PATH/TO/standins [SPECS_DIR]]}")
standins=${2:+$(realpath "$2")}
# Which specs: specs/ by default; tls-specs/ runs with the server stand-in on HTTPS.
export SPECS="${3:-specs/}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
mkdir -p "$work/home" "$work/run" && chmod 700 "$work/run"
# The stand-ins stop their sshd on SIGTERM: wait for that before removing the folder.
# xdg-document-portal, started on the private bus for the app, mounts a FUSE folder in the
# runtime dir; it leaves with the bus, but maybe not before we get here: unmount it first.
cleanup() {
  kill "${xvfb_pid:-}" "${standins_pid:-}" 2>/dev/null || true
  wait "${standins_pid:-}" 2>/dev/null || true
  if mountpoint -q "$work/run/doc"; then fusermount3 -u -z "$work/run/doc" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# -displayfd lets Xvfb pick a free display and tell us which.
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"

export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
export FAMSYNC_APP="$app" TAURI_DRIVER_PORT="${TAURI_DRIVER_PORT:-4444}"
# The browser and file manager famsync opens: a recorder first on PATH (the open crate runs
# xdg-open), so a test can see what was opened and no real browser ever starts.
mkdir -p "$work/bin"
export OPENED="$work/opened"
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >>"$OPENED"\n' >"$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
# Bitwarden lite's docker compose: the stand-in (tests/standin/docker), its state in $work.
cp "$here/../standin/docker" "$work/bin/docker"
chmod +x "$work/bin/docker"
export STANDIN_DOCKER="$work/docker"
mkdir -p "$STANDIN_DOCKER"
export PATH="$work/bin:$PATH"
# A copied token leaves the clipboard after 2 s instead of 60, so the test can watch it go.
export FAMSYNC_CLIPBOARD_SECONDS=2
unset FAMSYNC_BWDATA
# The window speaks the OS locale's language: the tests that read English text get English
# whatever the machine's locale is (display.test.js starts the app under other locales).
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
# Never the real Bitwarden cloud from a test: every cloud and server check goes to a closed
# local port, so each one fails at "connect" (the window must say so and block Apply).
export FAMSYNC_CLOUD_US=http://127.0.0.1:9 FAMSYNC_CLOUD_EU=http://127.0.0.1:9 FAMSYNC_SERVER_URL=http://127.0.0.1:9
# With the stand-ins (examples/standins.rs): a US cloud that knows the fixture but whose push
# host answers 503, and a healthy server. The EU cloud stays closed.
if [ -n "$standins" ]; then
  # The stand-in bitwarden.sh (run by the app) and the server stand-in share this state file.
  export STANDIN_STATE="$work/standin-state"
  # A real sshd on loopback for the remote installation's test (FAMSYNC_SSH_CONFIG names it).
  export STANDIN_SSHD=1
  "$standins" >"$work/standins.env" &
  standins_pid=$!
  for _ in $(seq 100); do [ "$(wc -l <"$work/standins.env")" -ge 2 ] && break; sleep 0.1; done
  set -a; . "$work/standins.env"; set +a
fi
cd "$here"
# Not exec: the EXIT trap must still stop Xvfb and the stand-ins afterwards.
status=0
dbus-run-session -- bash -c '
  # The real Secret Service for the token steps: gnome-keyring, unlocked, its files in $HOME.
  printf famsync-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  tauri-driver --port "$TAURI_DRIVER_PORT" >"$XDG_RUNTIME_DIR/tauri-driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$TAURI_DRIVER_PORT) 2>/dev/null && break; sleep 0.1; done
  status=0
  node --test --test-concurrency=1 --test-timeout=240000 --test-force-exit "$SPECS" || status=$?
  kill $driver 2>/dev/null || true
  [ $status -eq 0 ] || { echo "--- tauri-driver log"; tail -n 40 "$XDG_RUNTIME_DIR/tauri-driver.log"; }
  exit $status
' || status=$?
exit $status
