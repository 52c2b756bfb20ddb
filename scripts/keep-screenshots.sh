#!/usr/bin/env bash
# Keeps the window test's photos of every step in English, Japanese and French, light and dark
# (tests/out/display/, from specs/display.test.js) as the reference set in tests/screenshots/,
# shrunk with pngquant. `make screenshots` runs the test first; look at them before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/screenshots
mkdir -p "$out"
count=0
for lang in en ja fr; do
  for f in tests/out/display/"$lang"-{light,dark}-*.png; do
    pngquant --quality=70-95 --speed 1 --force --output "$out/$(basename "$f")" "$f"
    count=$((count + 1))
  done
done
[ "$count" -eq 42 ] || { echo "famsync: expected 42 screenshots (3 languages, 2 themes, 7 steps), found $count" >&2; exit 1; }
echo "famsync: $count screenshots in $out ($(du -sh "$out" | cut -f1))"
