#!/usr/bin/env bash
# famsync's stand-in for Bitwarden's bitwarden.sh and run.sh (bitwarden/self-host v2026.8.0), for
# tests only: the same observable behaviour (banner, root question, the Compose check, version
# lines, messages, exit codes, docker compose's progress on stderr in its order, down only when
# containers run, the closing "Bitwarden is up and running!"), and no Docker.
# standin.conf beside it may set MODE (ok, slow, hang, pull-fail), DELAY (seconds per line) and
# COMPOSE (v2, v1 for the old docker-compose, none).
# With STANDIN_STATE set, it also writes there what the loopback server stand-in should show:
# "down" once the containers are stopped, the loaded env file once they run again.
set -e

cat << "EOF_BANNER"
 _     _ _                         _
| |__ (_) |___      ____ _ _ __ __| | ___ _ __
| '_ \| | __\ \ /\ / / _` | '__/ _` |/ _ \ '_ \
| |_) | | |_ \ V  V / (_| | | | (_| |  __/ | | |
|_.__/|_|\__| \_/\_/ \__,_|_|  \__,_|\___|_| |_|

EOF_BANNER

cat << EOF_INFO
Open source password management solutions
Copyright 2015-$(date +'%Y'), Bitwarden, Inc.
https://bitwarden.com, https://github.com/bitwarden

===================================================

EOF_INFO

RED='\033[0;31m'
NC='\033[0m'

if [ "$EUID" -eq 0 ]; then
    echo -e "${RED}WARNING: This script is running as the root user!"
    echo -e "If you are running a standard deployment this script should be running as a dedicated Bitwarden User as per the documentation.${NC}"
    read -p "Do you still want to continue? (y/n): " choice
    case "$choice" in
        [Yy]|[Yy][Ee][Ss]) echo -e "Continuing...." ;;
        *) exit 1 ;;
    esac
fi

DIR="$( cd "$( dirname "${BASH_SOURCE[0]}" )" && pwd )"
OUTPUT="$DIR/bwdata"
MODE=ok
DELAY=0
COMPOSE=v2
[ -f "$DIR/standin.conf" ] && . "$DIR/standin.conf"
SERVICES="mssql web attachments api identity sso admin portal icons notifications events nginx"
# Whether the containers run: bitwarden.sh leaves no trace of it, docker does.
STOPPED="$DIR/standin.stopped"

say() { echo "$@"; [ "$DELAY" = 0 ] || sleep "$DELAY"; }
# docker compose writes its progress to stderr, not stdout.
progress() { echo "$@" >&2; [ "$DELAY" = 0 ] || sleep "$DELAY"; }

# bitwarden.sh: `docker compose`, else `docker-compose`, else this, before anything else.
case "$COMPOSE" in
    v1) echo "docker compose not found, falling back to docker-compose." ;;
    none)
        echo "Error: Neither 'docker compose' nor 'docker-compose' commands were found. Please install Docker Compose." >&2
        exit 1
        ;;
esac

echo "bitwarden.sh version 2026.8.0"
echo "Docker version 28.2.2, build e6534b4"
if [ "$COMPOSE" = v1 ]; then
    echo "docker-compose version 1.29.2, build 5becea4c"
else
    echo "Docker Compose version v2.29.7"
fi
echo ""

# One container's progress line, as Compose v2 or v1 words it.
container() {
    if [ "$COMPOSE" = v1 ]; then
        case "$2" in
            Stopped) progress "Stopping bitwarden-$1 ... done" ;;
            Removed) progress "Removing bitwarden-$1 ... done" ;;
            Created) progress "Creating bitwarden-$1 ... done" ;;
        esac
    else
        progress " Container bitwarden-$1  $2"
    fi
}

checkOutputDirExists() {
    if [ ! -d "$OUTPUT" ]; then
        echo "Cannot find a Bitwarden installation at $OUTPUT."
        exit 1
    fi
}

# run.sh's dockerComposeDown: `down` only when `docker compose ps` lists containers.
down() {
    [ ! -e "$STOPPED" ] || return 0
    rm -f "$DIR/standin.running.env"
    touch "$STOPPED"
    [ -z "${STANDIN_STATE:-}" ] || echo down > "$STANDIN_STATE"
    for s in $SERVICES; do
        container "$s" Stopping
        container "$s" Stopped
        container "$s" Removing
        container "$s" Removed
    done
    progress " Network docker_default  Removed"
    progress " Network docker_public  Removed"
}

pull() {
    for s in $SERVICES; do progress " $s Pulling"; done
    if [ "$MODE" = pull-fail ]; then
        echo "Error response from daemon: Get \"https://ghcr.io/v2/\": dial tcp: lookup ghcr.io: no such host" >&2
        exit 1
    fi
    for s in $SERVICES; do progress " $s Pulled"; done
}

up() {
    progress " Network docker_default  Created"
    for s in $SERVICES; do container "$s" Created; done
    for s in $SERVICES; do container "$s" Started; done
    rm -f "$STOPPED"
    # What the running containers loaded: the loopback server stand-in reports from this copy.
    cp "$OUTPUT/env/global.override.env" "$DIR/standin.running.env"
    [ -z "${STANDIN_STATE:-}" ] || cp "$OUTPUT/env/global.override.env" "$STANDIN_STATE"
}

restart() {
    down
    if [ "$MODE" = hang ]; then sleep 100000; fi
    pull
    up
    # printEnvironment: `docker pull` (stdout), then Setup -printenv.
    say "2026.8.0: Pulling from bitwarden/setup"
    say "Digest: sha256:0f5e2c1d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d"
    say "Status: Image is up to date for ghcr.io/bitwarden/setup:2026.8.0"
    say "ghcr.io/bitwarden/setup:2026.8.0"
    echo ""
    echo "Bitwarden is up and running!"
    echo "==================================================="
    echo ""
    echo "visit $(sed -n 's/^url: *//p' "$OUTPUT/config.yml")"
    echo "to update, run \`./bitwarden.sh updateself\` and then \`./bitwarden.sh update\`"
    echo ""
}

case $1 in
    "start" | "restart")
        checkOutputDirExists
        restart
        ;;
    "stop")
        checkOutputDirExists
        down
        ;;
    *)
        echo "No command found."
        echo
        echo "Available commands:"
        ;;
esac
