#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the real Secret
# Service), so keyring tests use the real store. The keyring's files live in a temp dir, never
# in the user's own keyrings, and nothing outlives the run: the daemon leaves with the bus.
set -euo pipefail
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
mkdir -m 700 "$keyrings/run"
export FAMSYNC_TEST_KEYRINGS="$keyrings"
status=0
dbus-run-session -- bash -c '
  XDG_DATA_HOME="$FAMSYNC_TEST_KEYRINGS" XDG_RUNTIME_DIR="$FAMSYNC_TEST_KEYRINGS/run" \
    gnome-keyring-daemon --unlock --components=secrets <<<"famsync-test" >/dev/null
  "$@"
' bash "$@" || status=$?
exit $status
