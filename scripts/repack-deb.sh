#!/usr/bin/env bash
# Repacks the .deb the Tauri bundler made (gzip) with xz, as Debian's own packages are: the same
# files, owner root, about 40% smaller (8.4 MiB to 4.8 MiB here).
set -euo pipefail
deb=${1:?usage: repack-deb.sh PATH/TO/package.deb}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$deb" "$work/pkg"
dpkg-deb -Zxz -z9 --root-owner-group -b "$work/pkg" "$work/out.deb" >/dev/null
mv "$work/out.deb" "$deb"
