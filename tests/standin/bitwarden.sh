#!/usr/bin/env bash
# famsync's stand-in for Bitwarden's bitwarden.sh (bitwarden/self-host), for tests only: the same
# observable behaviour (banner, root question, version lines, messages, exit codes, the order
# of docker compose's output, the closing "Bitwarden is up and running!"), and no Docker.
# standin.conf beside it may set MODE (ok, slow, hang, pull-fail) and DELAY (seconds per line).
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
Copyright 2015-$(date +'%Y'), 8bit Solutions LLC
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
[ -f "$DIR/standin.conf" ] && . "$DIR/standin.conf"
SERVICES="mssql web attachments api identity sso admin portal icons notifications events nginx"

say() { echo "$@"; [ "$DELAY" = 0 ] || sleep "$DELAY"; }

echo "bitwarden.sh version 2026.8.0"
echo "Docker version 28.2.2, build e6534b4"
echo "Docker Compose version v2.29.7"
echo ""

checkOutputDirExists() {
    if [ ! -d "$OUTPUT" ]; then
        echo "Cannot find a Bitwarden installation at $OUTPUT."
        exit 1
    fi
}

down() {
    rm -f "$DIR/standin.running.env"
    [ -z "${STANDIN_STATE:-}" ] || echo down > "$STANDIN_STATE"
    for s in $SERVICES; do
        say " Container bitwarden-$s  Stopping"
        say " Container bitwarden-$s  Stopped"
        say " Container bitwarden-$s  Removing"
        say " Container bitwarden-$s  Removed"
    done
    say " Network docker_default  Removed"
    say " Network docker_public  Removed"
}

pull() {
    for s in $SERVICES; do say " $s Pulling"; done
    if [ "$MODE" = pull-fail ]; then
        echo "Error response from daemon: Get \"https://ghcr.io/v2/\": dial tcp: lookup ghcr.io: no such host" >&2
        exit 1
    fi
    for s in $SERVICES; do say " $s Pulled"; done
}

up() {
    say " Network docker_default  Created"
    for s in $SERVICES; do say " Container bitwarden-$s  Created"; done
    for s in $SERVICES; do say " Container bitwarden-$s  Started"; done
    # What the running containers loaded: the loopback server stand-in reports from this copy.
    cp "$OUTPUT/env/global.override.env" "$DIR/standin.running.env"
    [ -z "${STANDIN_STATE:-}" ] || cp "$OUTPUT/env/global.override.env" "$STANDIN_STATE"
}

restart() {
    down
    if [ "$MODE" = hang ]; then sleep 100000; fi
    pull
    up
    say "2026.8.0: Pulling from bitwarden/setup"
    say "Status: Image is up to date for bitwarden/setup:2026.8.0"
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
