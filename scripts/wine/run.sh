#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu (.cargo/config.toml): runs a Windows program or test
# binary under Wine, with the ProcessPrng stand-in DLL beside it (see bcryptprimitives.c), in a
# Wine prefix of its own under the target folder so no state of the user's Wine is touched.
set -euo pipefail
exe=$(realpath "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
dir=$(dirname "$exe")
if [ ! -e "$dir/bcryptprimitives.dll" ] || [ "$here/bcryptprimitives.c" -nt "$dir/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/bcryptprimitives.dll" "$here/bcryptprimitives.c" -ladvapi32 -Wl,--kill-at
fi
export WINEPREFIX="${FAMSYNC_WINEPREFIX:-$dir/../wineprefix}" WINEDEBUG="${WINEDEBUG:--all}"
mkdir -p "$WINEPREFIX"
exec wine "$exe" "$@"
