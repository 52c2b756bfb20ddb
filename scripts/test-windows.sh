#!/usr/bin/env bash
# famsync for Windows (x86_64-pc-windows-gnu, linked by mingw-w64) under Wine. First the core's
# and the CLI's test suites, built for Windows and run by Wine (scripts/wine/run.sh); every
# Linux test not built there must be named, with why, in tests/not-on-windows.txt
# (scripts/wine/not-run.py). Then the Windows CLI against a copy of a fixture installation at a
# Windows path, command for command beside the Linux CLI on another copy: the same exit codes,
# the same file afterwards. Part of `make test` (test-windows).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Cargo for Windows: Wine runs what it builds; no incremental state and line tables only, which
# keeps the Windows target folder a third of its size (disk, not speed, is what runs out here).
wcargo() {
  local sub=$1; shift
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$PWD/scripts/wine/run.sh" CARGO_INCREMENTAL=0 \
    CARGO_PROFILE_DEV_DEBUG=line-tables-only FAMSYNC_WINEPREFIX="$work/wineprefix" \
    cargo "$sub" --target x86_64-pc-windows-gnu "$@"
}
# (Not -q: cargo's "Running" lines name each test binary.)
lists() { for p in famsync-core famsync-cli; do echo "Package $p"; "$@" -p "$p" --tests -- --list 2>&1; done; }
# The stand-in Windows PowerShell that tests/windows_host.rs runs bitwarden.ps1 with.
wcargo build -q -p famsync-core --example standin_powershell
wcargo test -q --features famsync-core/ts -p famsync-core -p famsync-cli --tests --no-fail-fast
lists wcargo test --features famsync-core/ts >"$work/windows.list"
lists cargo test --features famsync-core/ts >"$work/linux.list"
python3 scripts/wine/not-run.py "$work/linux.list" "$work/windows.list" tests/not-on-windows.txt

# Clippy for Windows too: what only the Windows side of a platform module compiles is linted
# there alone. (Not the examples: the window tests' stand-ins and the benchmarks are Linux's.)
wcargo clippy -q --workspace --lib --bins --tests --features famsync-core/ts -- -D warnings

# The app for Windows, started under Wine as far as Wine can take it: as ssh's askpass, with no
# window to ask, it must load every DLL it links (WebView2Loader.dll too) and answer "no
# answer" (exit 1). A missing DLL exits 53 here. The window itself needs WebView2, which Wine
# does not have.
wcargo build -q -p famsync-app
app=target/x86_64-pc-windows-gnu/debug/famsync-app.exe
export FAMSYNC_WINEPREFIX="$work/wineprefix"
set +e
FAMSYNC_ASKPASS_SOCKET='C:\famsync-no-window' scripts/wine/run.sh "$app" "Enter passphrase: " >"$work/app.out" 2>&1
started=$?
set -e
if [ "$started" -ne 1 ] || [ -s "$work/app.out" ]; then
  echo "famsync (windows): the Windows app exited $started as askpass under Wine, not 1 with nothing printed" >&2
  sed 's/^/  wine: /' "$work/app.out" >&2
  exit 1
fi
echo "ok: famsync-app.exe loads under Wine and answers as askpass (exit 1, no window to ask)"

wcargo build -q -p famsync-cli
cargo build -q -p famsync-cli
exe=target/x86_64-pc-windows-gnu/debug/famsync.exe
linux=target/debug/famsync
export HOME="$work/home" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"
unset FAMSYNC_BWDATA FAMSYNC_HOST
for side in win linux; do cp -r tests/fixtures/us "$work/$side"; done
# Wine maps / to Z:, so the Windows CLI is given the installation as Z:\…\bwdata.
winpath() { printf 'Z:%s' "${1//\//\\}"; }

failed=0
# Runs one command on both sides; their exit codes must match, and be the one expected.
both() {
  local want=$1; shift
  local stdin=${STDIN:-}
  set +e
  printf '%s' "$stdin" | scripts/wine/run.sh "$exe" "$@" --bwdata "$(winpath "$work/win/bwdata")" >"$work/out.win" 2>&1
  local w=$?
  printf '%s' "$stdin" | "$linux" "$@" --bwdata "$work/linux/bwdata" >"$work/out.linux" 2>&1
  local l=$?
  set -e
  if [ "$w" -ne "$want" ] || [ "$l" -ne "$want" ]; then
    echo "famsync (windows): famsync $* exited $w under Wine and $l on Linux, not $want" >&2
    sed 's/^/  wine: /' "$work/out.win" >&2
    failed=1
  else
    echo "ok: famsync $* (exit $want on both)"
  fi
}

both 0 status
both 0 --json status
both 0 enable --region eu --yes
diff <(tr -d '\r' <"$work/win/bwdata/env/global.override.env") "$work/linux/bwdata/env/global.override.env" \
  || { echo "famsync (windows): enable wrote another file under Wine" >&2; failed=1; }
both 0 backups list
# Each side puts back its own backup (their names carry the time they were made): the file is
# then the fixture's again.
name() { "$@" --json backups list | sed -n 's/.*"name": *"\([^"]*\)".*/\1/p' | head -1; }
wb=$(name scripts/wine/run.sh "$exe" --bwdata "$(winpath "$work/win/bwdata")")
lb=$(name "$linux" --bwdata "$work/linux/bwdata")
if [ -z "$wb" ] || [ -z "$lb" ]; then
  echo "famsync (windows): no backup listed after enable (wine: '$wb', linux: '$lb')" >&2; failed=1
else
  set +e
  scripts/wine/run.sh "$exe" backups restore "$wb" --yes --bwdata "$(winpath "$work/win/bwdata")" >"$work/out.win" 2>&1; w=$?
  "$linux" backups restore "$lb" --yes --bwdata "$work/linux/bwdata" >"$work/out.linux" 2>&1; l=$?
  set -e
  if [ "$w" -ne 0 ] || [ "$l" -ne 0 ]; then
    echo "famsync (windows): backups restore exited $w under Wine and $l on Linux" >&2; sed 's/^/  wine: /' "$work/out.win" >&2; failed=1
  elif ! cmp -s <(tr -d '\r' <"$work/win/bwdata/env/global.override.env") tests/fixtures/us/bwdata/env/global.override.env; then
    echo "famsync (windows): the restored file is not the fixture's" >&2; failed=1
  else
    echo "ok: famsync backups restore NAME --yes (exit 0 on both, the file put back)"
  fi
fi
both 8 backups restore no-such-backup --yes
# The token in each platform's store: Wine's Credential Manager, the Secret Service here.
org=5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9
STDIN="WindowsTokenAbCdEfGhIjKlMn0123" both 0 token set --org "$org"
both 0 token status --org "$org"
grep -q "is saved in the OS keyring" "$work/out.win" || { echo "famsync (windows): the token was not found again" >&2; failed=1; }
both 0 token clear --org "$org"
both 0 token status --org "$org"
grep -q "No billing sync token is saved" "$work/out.win" || { echo "famsync (windows): the token outlived clear" >&2; failed=1; }
exit $failed
