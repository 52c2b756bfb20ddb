#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu (.cargo/config.toml): runs a Windows program or test
# binary under Wine, with the ProcessPrng stand-in DLL beside it (see bcryptprimitives.c), in a
# Wine prefix of its own under the target folder so no state of the user's Wine is touched.
set -euo pipefail
exe=$(realpath "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
dir=$(dirname "$exe")
# Beside the program, and for a test in deps/ also beside the binaries it starts (famsync.exe
# in the folder above): Wine looks for the DLL in the folder of each program it loads.
dirs=("$dir")
[ "$(basename "$dir")" = deps ] && dirs+=("$(dirname "$dir")")
for d in "${dirs[@]}"; do
  if [ ! -e "$d/bcryptprimitives.dll" ] || [ "$here/bcryptprimitives.c" -nt "$d/bcryptprimitives.dll" ]; then
    x86_64-w64-mingw32-gcc -shared -O2 -o "$d/bcryptprimitives.dll" "$here/bcryptprimitives.c" -ladvapi32 -Wl,--kill-at
  fi
done
export WINEPREFIX="${FAMSYNC_WINEPREFIX:-$dir/../wineprefix}" WINEDEBUG="${WINEDEBUG:--all}"
mkdir -p "$WINEPREFIX"
exec wine "$exe" "$@"
