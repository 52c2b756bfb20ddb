# famsync's helper on the server. sh reads it from stdin after a `set -- OP ARGS...` line (see
# program.rs's bootstrap: the login shell, POSIX or not, parses one fixed command only); what
# follows it on stdin (new bytes, or nothing, held open as the hang-up signal) is the op's.
# POSIX sh and coreutils (stat, base64, sha256sum, cksum) only, so any Linux server that runs
# Bitwarden's Docker images can answer. Answers are plain lines with the variable part last;
# paths and file names in them are base64 (a newline in a name cannot add a line), and file
# contents travel as base64 between a "data" line and an "end" line.
set -u
op=$1
shift

owner() { stat -c %U -- "$1" 2>/dev/null || echo '?'; }

# A path or name as answers carry it: base64 on one line, whatever bytes it holds.
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }

# Expands a leading ~/ to the login user's home.
expand() {
  case $1 in
  '~') printf '%s\n' "$HOME" ;;
  '~/'*) printf '%s/%s\n' "$HOME" "${1#'~/'}" ;;
  *) printf '%s\n' "$1" ;;
  esac
}

# The nearest existing ancestor of a missing path: can we look inside it?
why_missing() {
  a=$1
  while [ ! -e "$a" ] && [ "$a" != / ] && [ -n "$a" ]; do
    case $a in */*) a=${a%/*} ;; *) a=. ;; esac
    [ -n "$a" ] || a=/
  done
  if [ -x "$a" ]; then echo missing; else printf 'denied %s\n' "$(owner "$a")"; fi
}

is_bwdata() { [ -f "$1/config.yml" ] || [ -d "$1/env" ]; }

# The compose file Compose uses in folder $1, in kind/lite.rs's COMPOSE_FILES order.
compose_file() {
  for f in compose.yaml compose.yml docker-compose.yml docker-compose.yaml; do
    [ -f "$1/$f" ] && { printf '%s' "$f"; return 0; }
  done
  return 1
}

# A Bitwarden lite folder, as kind/lite.rs's is_lite_folder: settings.env with the compose file
# that reads it, or the marketplace image's .bw-edition.
is_lite() {
  [ -f "$1/settings.env" ] && { compose_file "$1" >/dev/null || [ -f "$1/.bw-edition" ]; }
}

# locate PATH...: the first PATH that is (or holds) a bwdata folder or is a lite folder, like
# install::open.
locate_one() {
  given=$1
  p=$(expand "$1")
  if [ -f "$p" ]; then
    case ${p##*/} in
    bitwarden.sh | bitwarden.ps1) p=${p%/*}/bwdata ;;
    settings.env) p=${p%/*} ;;
    *) printf 'skip not_bwdata %s\n' "$(b64 "$given")"; return 1 ;;
    esac
  fi
  if [ ! -e "$p" ]; then
    printf 'skip %s %s\n' "$(why_missing "$p")" "$(b64 "$given")"
    return 1
  fi
  if [ ! -r "$p" ] || [ ! -x "$p" ]; then
    printf 'skip denied %s %s\n' "$(owner "$p")" "$(b64 "$given")"
    return 1
  fi
  if is_lite "$p"; then
    b=$(cd -- "$p" && pwd -P && echo .) && b=${b%??}
    printf 'lite %s\n' "$(b64 "$b")"
    f=$(compose_file "$b") && printf 'script %s\n' "$(b64 "$b/$f")"
    return 0
  fi
  if is_bwdata "$p"; then :
  elif is_bwdata "$p/bwdata"; then p=$p/bwdata
  else printf 'skip not_bwdata %s\n' "$(b64 "$given")"; return 1
  fi
  # With a last character after pwd's newline: $( ) would also take any newline the path ends in.
  b=$(cd -- "$p" && pwd -P && echo .) && b=${b%??}
  if [ -L "$b/env" ]; then
    printf 'skip env_link %s %s\n' "$(b64 "$(readlink -- "$b/env")")" "$(b64 "$b/env")"
    return 1
  fi
  printf 'bwdata %s\n' "$(b64 "$b")"
  for s in bitwarden.sh bitwarden.ps1; do
    if [ -f "${b%/*}/$s" ]; then printf 'script %s\n' "$(b64 "${b%/*}/$s")"; break; fi
  done
  # The whole of config.yml (famsync reads it as YAML), as read_file answers: a FIFO or a
  # device in its place is refused there, never opened.
  if [ -e "$b/config.yml" ]; then
    echo config
    read_file "$b/config.yml" 1048576
  fi
  return 0
}

# read FILE MAX: the file's mode, owner, links, write time and bytes, with install's checks done here.
read_file() {
  f=$1
  if [ -L "$f" ]; then
    t=$(readlink -- "$f" && echo .) && t=${t%??}
    printf 'symlink %s\n' "$(b64 "$t")"
    return
  fi
  if [ ! -e "$f" ]; then why_missing "$f"; return; fi
  if [ ! -f "$f" ]; then echo not_regular; return; fi
  # shellcheck disable=SC2046 # six numbers
  set -- "$f" "$2" $(stat -c '%a %u %g %h %s %Y' -- "$f")
  if [ "$7" -gt "$2" ]; then printf 'too_large %s\n' "$7"; return; fi
  if data=$(base64 <"$f" 2>/dev/null); then
    printf 'file %s %s %s %s %s\ndata\n%s\nend\n' "$3" "$4" "$5" "$6" "$8" "$data"
  else
    printf 'denied %s\n' "$(owner "$f")"
  fi
}

# files DIR SUFFIX MAX: every DIR/*SUFFIX, as "entry NAME" and then read_file's answer.
files() {
  if [ ! -e "$1" ]; then why_missing "$1"; return; fi
  if [ ! -r "$1" ] || [ ! -x "$1" ]; then printf 'denied %s\n' "$(owner "$1")"; return; fi
  echo listing
  for f in "$1"/*"$2"; do
    [ -e "$f" ] || continue
    printf 'entry %s\n' "$(b64 "${f##*/}")"
    read_file "$f" "$3"
  done
}

# tail FILE MAX: the last MAX bytes of a log (all of it when smaller), as it is: a log is read
# lossily. A FIFO or a device in its place is refused before anything opens it (that could block).
tail_file() {
  if [ ! -e "$1" ]; then why_missing "$1"; return; fi
  if [ ! -f "$1" ]; then echo not_regular; return; fi
  if [ ! -r "$1" ]; then printf 'denied %s\n' "$(owner "$1")"; return; fi
  printf 'tail\ndata\n'
  tail -c "$2" -- "$1" | base64
  echo end
}

# sizes DIR PREFIX: name and size of every DIR/PREFIX* (the backups).
sizes() {
  if [ ! -r "$1" ]; then printf 'denied %s\n' "$(owner "$1")"; return; fi
  echo listing
  for f in "$1/$2"*; do
    # Only regular files, not links: as backup::list sees them on famsync's own machine.
    if [ -f "$f" ] && [ ! -L "$f" ]; then printf 'entry %s %s\n' "$(stat -c %s -- "$f")" "$(b64 "${f##*/}")"; fi
  done
}

# remove DIR NAME...: deletes the named backups in DIR (names only: famsync chose them from
# `sizes`; anything with a slash or starting with a dot is skipped). One that cannot be
# deleted is named ("left NAME") and the others are still deleted.
remove() {
  d=$1; shift
  for n in "$@"; do
    case $n in */* | .*) continue ;; esac
    rm -f -- "$d/$n" 2>/dev/null && [ ! -e "$d/$n" ] || printf 'left %s\n' "$(b64 "$n")"
  done
  echo removed
}

sha() { sha256sum <"$1" | cut -d' ' -f1; }

# Forces a file or folder to disk; old busybox `sync` takes no arguments.
durable() { sync -- "$1" 2>/dev/null || sync; }

# A regular file, not a link to one: the only thing at the env file's name famsync reads or
# replaces (a FIFO would block, a link would be written through).
regular() { [ -f "$1" ] && [ ! -L "$1" ]; }

me=$(id -u)

# Temp files an older helper left in DIR beside FILE when it died (a dropped connection) hold
# secrets: removed (rm removes a link, never what it points at).
sweep() {
  for t in "$1"/."$2".*.tmp; do
    [ -e "$t" ] || [ -L "$t" ] || continue
    pid=${t%-*.tmp}
    pid=${pid##*-}
    [ -d "/proc/$pid" ] || rm -f -- "$t"
  done
}

# Private folders (see private_dir) of helpers that died: only real folders, not links, of the
# login user, named as famsync names them, and in them only the names famsync uses (never a
# recursive delete: a folder swapped in meanwhile loses at most those names). Without /proc a
# live helper cannot be told from a dead one: nothing is swept.
sweep_private() {
  [ -d /proc/self ] || return 0
  for t in "$1"/.famsync-*-??????; do
    [ -d "$t" ] && [ ! -L "$t" ] || continue
    [ "$(stat -c %u -- "$t" 2>/dev/null)" = "$me" ] || continue
    pid=${t##*/.famsync-} pid=${pid%-*}
    case $pid in '' | *[!0-9]*) continue ;; esac
    [ -d "/proc/$pid" ] || clean_private "$t"
  done
}

clean_private() {
  rm -f -- "$1/backup" "$1/new" "$1/probe" "$1/probe2" 2>/dev/null
  rmdir -- "$1" 2>/dev/null
}

# private_dir DIR: a new folder in DIR (the env folder: the same filesystem, so its files can
# be linked and renamed into place) that only the login user may enter, as $w, removed on exit.
# Every temp file lives there: a name someone who may write DIR planted beforehand (a link to
# another file, at a name an older helper would have used) is never opened, written or chowned.
# Also sets $T (see no_target_dir).
private_dir() {
  # Busybox builds without mktemp exist: said as such (famsync: the server lacks a tool).
  command -v mktemp >/dev/null 2>&1 || { echo no_tool mktemp; exit 0; }
  # Never through a link (anyone who may write bwdata could point env/ at another's files).
  if [ -L "$1" ]; then printf 'env_link %s\n' "$(b64 "$(readlink -- "$1")")"; exit 0; fi
  sweep_private "$1"
  w=$(mktemp -d "$1/.famsync-$$-XXXXXX" 2>/dev/null) || return 1
  trap 'clean_private "$w"' EXIT
  trap 'exit 1' HUP INT TERM PIPE
  [ -d "$w" ] && [ ! -L "$w" ] && [ "$(stat -c %u -- "$w")" = "$me" ] || return 1
  chmod 700 -- "$w" || return 1
  no_target_dir
}

# $T is -T where ln and mv take it (GNU, recent busybox): a destination that is, or links to, a
# folder is then refused, never a folder to put the file in. Without it, ln -n still does not
# follow a link to a folder, and the callers check for a folder just before (a narrow race left
# on such servers).
no_target_dir() {
  T=
  if : >"$w/probe" && ln -n -T -- "$w/probe" "$w/probe2" 2>/dev/null &&
    mv -f -T -- "$w/probe2" "$w/probe" 2>/dev/null; then T=-T; fi
  rm -f -- "$w/probe" "$w/probe2"
}

# No folder (or link to one) at $1 that mv or ln would put the file into.
no_folder_at() { [ -n "$T" ] || [ ! -d "$1" ]; }

# checked FILE SHA: FILE is what goes into place: a regular file, not a link, with one name,
# holding exactly SHA (a dropped connection leaves it short).
checked() {
  regular "$1" && [ "$(stat -c %h -- "$1")" = 1 ] && [ "$(sha "$1")" = "$2" ]
}

# Gives FILE the mode and owner of the file it replaces (-h: a link is never followed).
like() {
  if [ "$(stat -c %u:%g -- "$1")" != "$3:$4" ]; then
    chown -h "$3:$4" -- "$1" 2>/dev/null || return 1
  fi
  chmod "$2" -- "$1"
}

# keep_acl OLD NEW: gives NEW the POSIX ACL of OLD (ls marks a file that has one with +), or
# none when OLD has none (a new file may have inherited its folder's default ACL): never more
# access than the file had. Fails where that needs getfacl/setfacl and they are missing.
keep_acl() {
  had=$(ls -ldL -- "$1" | cut -c11) got=$(ls -ld -- "$2" | cut -c11)
  [ "$had" != + ] && [ "$got" != + ] && return 0
  command -v getfacl >/dev/null 2>&1 && command -v setfacl >/dev/null 2>&1 || return 1
  if [ "$had" = + ]; then
    getfacl -p -- "$1" 2>/dev/null | setfacl --set-file=- -- "$2"
  else
    setfacl -b -- "$2"
  fi
}

# keep_label OLD NEW: where SELinux is enabled, NEW gets OLD's label (Docker's :z and :Z give
# bwdata's files labels that a new file would not get from its folder); fails where it cannot.
# Without SELinux there is no label to keep.
keep_label() {
  selinux_enabled || return 0
  command -v chcon >/dev/null 2>&1 && chcon --reference="$1" -- "$2" 2>/dev/null
}

selinux_enabled() {
  if command -v selinuxenabled >/dev/null 2>&1; then selinuxenabled; else [ -f /sys/fs/selinux/enforce ]; fi
}

# keep_access OLD NEW: NEW gets OLD's ACL and label, or says which it could not get
# ("access_not_kept ATTRIBUTE") and fails.
keep_access() {
  keep_acl "$1" "$2" || { echo 'access_not_kept system.posix_acl_access'; return 1; }
  keep_label "$1" "$2" || { echo 'access_not_kept security.selinux'; return 1; }
}

# open_env FILE: FILE open as fd 4, read once from there for the backup's bytes and ACL.
open_env() { regular "$1" && command exec 4<"$1"; } 2>/dev/null

# still_open FILE: fd 4 is still the file at FILE, which is no link: the name was not swapped
# (for a link to another file, say) between the open and now. Where /dev/fd is missing, the
# sha checks are all there is.
still_open() {
  [ -e /dev/fd/4 ] || return 0
  regular "$1" && [ "$(stat -L -c %d:%i /dev/fd/4)" = "$(stat -c %d:%i -- "$1")" ]
}

# next_backup DIR NAME STAMP: links $w/backup into DIR under a new backup name, printed. After
# the highest counter this second has used, never a lower free one: names sort in the order the
# backups were made, which pruning relies on to delete the oldest. ln never replaces a name,
# and with -n never puts the file into a folder a link there points to.
next_backup() {
  i=0
  for b in "$1/$2.famsync-$3"*.bak; do
    [ -e "$b" ] || [ -L "$b" ] || continue
    c=${b##*"$3"} c=${c%.bak} c=${c#-}
    case $c in '') c=1 ;; *[!0-9]*) continue ;; esac
    [ "$c" -gt "$i" ] && i=$c
  done
  i=$((i + 1)) suffix=
  [ "$i" -eq 1 ] || suffix=-$i
  until no_folder_at "$1/$2.famsync-$3$suffix.bak" &&
    ln -n $T -- "$w/backup" "$1/$2.famsync-$3$suffix.bak" 2>/dev/null; do
    i=$((i + 1)) suffix=-$i
    [ "$i" -lt 1000 ] || return 1
  done
  printf '%s\n' "$2.famsync-$3$suffix.bak"
}

# commit FILE OLD_SHA NEW_SHA MODE UID GID STAMP [LIKE] < new bytes
# MODE UID GID and LIKE's ACL (LIKE: FILE itself, or the backup a restore puts back) are the
# new file's.
# Backup first (a copy of exactly OLD_SHA), then the new bytes into a temp file, checked whole
# against NEW_SHA, then compare-and-swap by rename; temp files only in the private folder.
commit() {
  f=$1 old=$2 new=$3 mode=$4 uid=$5 gid=$6 stamp=$7 from=${8:-$1}
  d=${f%/*} n=${f##*/}
  umask 077
  sweep "$d" "$n"
  private_dir "$d" || { printf 'denied %s\n' "$(owner "$d")"; exit 0; }
  bt=$w/backup nt=$w/new
  open_env "$f" || { echo changed; exit 0; }
  cat <&4 >"$bt" 2>/dev/null || { printf 'denied %s\n' "$(owner "$f")"; exit 0; }
  [ "$(sha "$bt")" = "$old" ] || { echo changed; exit 0; }
  like "$bt" "$mode" "$uid" "$gid" || { printf 'owner_not_kept %s\n' "$(owner "$f")"; exit 0; }
  keep_access /dev/fd/4 "$bt" || exit 0
  still_open "$f" || { echo changed; exit 0; }
  exec 4<&-
  durable "$bt"
  backup=$(next_backup "$d" "$n" "$stamp") || { echo backup_failed; exit 0; }
  durable "$d"
  printf 'backup %s\n' "$(b64 "$backup")"
  cat >"$nt"
  checked "$nt" "$new" || { echo incomplete; exit 0; }
  if ! like "$nt" "$mode" "$uid" "$gid"; then
    rm -f -- "$d/$backup"
    printf 'owner_not_kept %s\n' "$(owner "$f")"
    exit 0
  fi
  if ! keep_access "$from" "$nt"; then
    rm -f -- "$d/$backup"
    exit 0
  fi
  durable "$nt"
  if ! regular "$f" || [ "$(sha "$f")" != "$old" ] || ! no_folder_at "$f"; then
    rm -f -- "$d/$backup"
    echo changed
    exit 0
  fi
  # rename(2): whatever is at FILE now (a link planted meanwhile too) is replaced, never
  # written through.
  mv -f $T -- "$nt" "$f"
  durable "$d"
  echo written
}

# create FILE NEW_SHA MODE UID GID LIKE < new bytes: FILE where there is none (a restore after
# it went missing), with LIKE's (the backup's) ACL and label, never one its folder's default
# ACL would give; checked whole against NEW_SHA, and linked into place only if there is still
# none: ln never replaces a file another program put there meanwhile.
create() {
  f=$1 new=$2 mode=$3 uid=$4 gid=$5 from=$6
  d=${f%/*} n=${f##*/}
  umask 077
  if [ -e "$f" ] || [ -L "$f" ]; then echo changed; exit 0; fi
  private_dir "$d" || { printf 'denied %s\n' "$(owner "$d")"; exit 0; }
  nt=$w/new
  cat >"$nt" 2>/dev/null || { printf 'denied %s\n' "$(owner "$d")"; exit 0; }
  checked "$nt" "$new" || { echo incomplete; exit 0; }
  like "$nt" "$mode" "$uid" "$gid" || { printf 'owner_not_kept %s\n' "$(owner "$d")"; exit 0; }
  keep_access "$from" "$nt" || exit 0
  durable "$nt"
  no_folder_at "$f" && ln -n $T -- "$nt" "$f" 2>/dev/null || { echo changed; exit 0; }
  durable "$d"
  echo written
}

# aside FILE STAMP: renames what is at FILE (a FIFO, a folder, a link, a huge file) to
# FILE.famsync-aside-STAMP-N without reading it or replacing anything, as recovery.rs does on
# famsync's own machine; "moved NAME", or "changed" when FILE is a regular file after all.
aside() {
  f=$1
  if regular "$f" && [ "$(stat -c %s -- "$f")" -le 67108864 ]; then echo changed; exit 0; fi
  private_dir "${f%/*}" || { printf 'denied %s\n' "$(owner "${f%/*}")"; exit 0; }
  i=1
  while [ "$i" -lt 100 ]; do
    a="$f.famsync-aside-$2-$i"
    if [ ! -e "$a" ] && [ ! -L "$a" ]; then
      mv $T -- "$f" "$a" 2>/dev/null || { printf 'denied %s\n' "$(owner "${f%/*}")"; exit 0; }
      printf 'moved %s\n' "$(b64 "${a##*/}")"
      exit 0
    fi
    i=$((i + 1))
  done
  echo changed
}

# Stops $1 (a pid, or -pgid for a group) when famsync's end of the connection goes: stdin,
# saved as fd 3, ends. TERM, then KILL after $2 seconds, as famsync does on its own machine.
stop_on_hangup() {
  (
    while read -r _; do :; done <&3
    kill -TERM "$1" 2>/dev/null
    sleep "$2"
    kill -KILL "$1" 2>/dev/null
  ) >/dev/null 2>&1 &
  watchdog=$!
}

# Waits for $1, stops the watchdog, and exits with $1's status.
finish() {
  wait "$1"
  rc=$?
  kill "$watchdog" 2>/dev/null
  exit "$rc"
}

# turn DIR: famsync writers take turns for the backup, the write and the pruning, as plan.rs's
# writers_turn does on famsync's own machine: an exclusive flock(2) on the env folder, the same
# lock, so writers here and there wait for each other. "locked" once this helper holds it,
# until famsync's end of the connection goes (stdin ends; also while still waiting). Without
# flock(1), or a folder this user may not open, "unlocked": the write goes on without, as
# before. The compare-and-swap then still refuses a file changed since famsync read it, but
# its check and its rename are two steps here (sh has no exchange): two famsync writers in
# the same instant could both pass it, and the later rename wins.
turn() {
  if ! command -v flock >/dev/null 2>&1 || ! { command exec 9<"$1"; } 2>/dev/null; then
    echo unlocked
    exit 0
  fi
  exec 3<&0
  stop_on_hangup "$$" 1
  flock 9 || { echo unlocked; exit 0; }
  kill "$watchdog" 2>/dev/null
  echo locked
  while read -r _; do :; done <&3
}

# runnable FILE: "yes" when this user may run FILE (bitwarden.sh); "no" when it has no execute
# bit at all; else "denied OWNER" (the bit is there, for someone else).
runnable() {
  if [ -x "$1" ]; then echo yes; return; fi
  case $(stat -c %A -- "$1" 2>/dev/null | cut -c4,7,10) in
  *[xst]*) printf 'denied %s\n' "$(owner "$1")" ;;
  *) echo no ;;
  esac
}

# untrusted PATH RUNNER: the first of PATH and the folders above it that someone other than
# root and RUNNER (a uid) could change: owned by another, or group/world-writable and not a
# sticky folder; as runner/account.rs checks on famsync's own machine. Nothing when none is.
untrusted() {
  p=$1
  while :; do
    # shellcheck disable=SC2046 # two numbers
    set -- "$p" "$2" $(stat -c '%u %a' -- "$p" 2>/dev/null)
    [ $# -eq 4 ] || { printf '%s\n' "$p"; return; }
    m=$((0$4))
    if { [ "$3" != 0 ] && [ "$3" != "$2" ]; } ||
      { [ $((m & 022)) -ne 0 ] && ! { [ -d "$p" ] && [ $((m & 01000)) -ne 0 ]; }; }; then
      printf '%s\n' "$p"
      return
    fi
    [ "$p" = / ] && return
    p=${p%/*}
    [ -n "$p" ] || p=/
  done
}

# refuse_untrusted SCRIPT RUNNER: "untrusted PATH OWNER MODE RUNNER_NAME" (PATH in base64) and
# true when bitwarden.sh, bwdata/scripts/run.sh beside it (or the nearest folder on its way that
# exists), or a folder above them could be changed by someone who is not root or RUNNER.
refuse_untrusted() {
  r=${1%/*}/bwdata/scripts/run.sh
  while [ ! -e "$r" ] && [ "$r" != / ]; do r=${r%/*}; [ -n "$r" ] || r=/; done
  r=$(readlink -f -- "$r")
  bad=$(untrusted "$1" "$2")
  [ -n "$bad" ] || bad=$(untrusted "$r" "$2")
  [ -n "$bad" ] || return 1
  printf 'untrusted %s %s %s %s\n' "$(b64 "$bad")" "$(owner "$bad")" "$(stat -c %04a -- "$bad")" \
    "$(id -un "$2" 2>/dev/null || echo "uid $2")"
}

# holder DIR: "PID COMMAND USER" of a process holding a flock on DIR (COMMAND in base64),
# from /proc/locks and the process's /proc entry; nothing when that cannot be seen.
holder() {
  i=$(stat -c %i -- "$1") || return
  pid=$(awk -v i="$i" '$2 == "FLOCK" { n = split($6, f, ":"); if (f[n] == i) { print $5; exit } }' /proc/locks 2>/dev/null)
  [ -n "$pid" ] || return
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
  printf '%s %s %s\n' "$pid" "$(b64 "${cmd% }")" "$(owner "/proc/$pid")"
}

# run DIR SCRIPT ANSWER GRACE COMMAND...: COMMAND from DIR in a session of its own, its output on
# ours; "-" as its program is SCRIPT (bitwarden.sh restart), else SCRIPT is the file that decides
# what COMMAND runs (lite's compose file for docker compose up -d). First, as on famsync's own
# machine: the script, run.sh and the folders above them
# must be changeable by no one but root and the account that runs them ("untrusted" otherwise);
# logged in as root, the script runs as the account that owns it (setpriv), as root only when
# root owns it; then DIR is locked (runner/lock.rs) and the script inherits the lock: "busy"
# (with who holds it, where /proc says) when another restart holds it, else "running". ANSWER y
# pipes "y" to the script's root question. Without flock(1), or a DIR this user may enter but
# not read, it runs unlocked, as it would without famsync.
run() {
  cd -- "$1" || exit 127
  s=$(readlink -f -- "$2") || exit 127
  answer=$3 grace=$4
  shift 4
  # The rest is the command; "-" as its program is the trusted script, as resolved here.
  if [ "$1" = - ]; then shift; set -- "$s" "$@"; fi
  me=$(id -u) runner=$(id -u)
  [ "$me" = 0 ] && runner=$(stat -c %u -- "$s")
  refuse_untrusted "$s" "$runner" && exit 0
  if [ "$runner" != "$me" ] && ! command -v setpriv >/dev/null 2>&1; then
    echo no_setpriv
    exit 0
  fi
  if command -v flock >/dev/null 2>&1 && { command exec 9<.; } 2>/dev/null; then
    flock -n 9 || { printf 'busy %s\n' "$(holder .)"; exit 75; }
  fi
  echo running
  exec 3<&0
  if [ "$runner" != "$me" ]; then
    # Its groups (docker) and HOME from its account; a uid without one keeps only its group.
    if id -un "$runner" >/dev/null 2>&1; then
      set -- --reuid="$runner" --regid="$(id -g "$runner")" --init-groups --reset-env "$@"
    else
      set -- --reuid="$runner" --regid="$(stat -c %g -- "$s")" --clear-groups "$@"
    fi
    setsid setpriv "$@" </dev/null &
  elif [ "$answer" = y ]; then
    setsid sh -c 'printf "y\n" | "$@"' sh "$@" </dev/null &
  else
    setsid "$@" </dev/null &
  fi
  pid=$!
  stop_on_hangup "-$pid" "$grace"
  finish "$pid"
}

# watch BWDATA HOW INTERVAL: a line naming what changed (a path under BWDATA), as it happens:
# inotifywait when the server has it (and HOW is not "poll"), else a look every INTERVAL s.
# watch ROOT HOW INTERVAL SETTINGS: SETTINGS is the settings file below ROOT
# (env/global.override.env; lite's settings.env).
watch() {
  cd -- "$1" || exit 127
  exec 3<&0
  settings=$4
  case $settings in */*) settings_dir=${settings%/*} ;; *) settings_dir=. ;; esac
  if [ "$2" != poll ] && command -v inotifywait >/dev/null 2>&1; then
    set -- "$settings_dir"
    [ -d core/licenses/organization ] && set -- "$@" core/licenses/organization
    [ -d logs ] && set -- "$@" logs
    echo inotifywait
    inotifywait -m -r -q -e modify,attrib,close_write,moved_to,moved_from,create,delete \
      --format '%w%f' "$@" &
    pid=$!
    established "$pid" "$#"
    echo ready
  else
    echo polling
    poll "$3" &
    pid=$!
  fi
  stop_on_hangup "$pid" 1
  finish "$pid"
}

looks() {
  case $1 in
  env) { cksum <"$settings"; stat -c '%i %y' -- "$settings"; } 2>&1 ;;
  licenses) ls -l --full-time core/licenses/organization 2>&1 | cksum ;;
  logs) find logs -type f -exec stat -c '%n %s %y' {} + 2>/dev/null | cksum ;;
  esac
}

# Waits (at most 5 s) until inotifywait ($1) watches its $2 folders: after "ready", no edit is
# missed. inotifywait -q says nothing when it is ready; the kernel's fdinfo does.
established() {
  i=0
  while [ "$i" -lt 100 ]; do
    n=$(cat /proc/"$1"/fdinfo/* 2>/dev/null | grep -c '^inotify wd:')
    [ "$n" -ge "$2" ] && return 0
    sleep 0.05
    i=$((i + 1))
  done
}

poll() {
  env=$(looks env) licenses=$(looks licenses) logs=$(looks logs)
  echo ready
  while sleep "$1"; do
    now=$(looks env); [ "$now" = "$env" ] || printf '%s\n' "$settings"
    env=$now
    now=$(looks licenses); [ "$now" = "$licenses" ] || echo core/licenses/organization/
    licenses=$now
    now=$(looks logs); [ "$now" = "$logs" ] || echo logs/
    logs=$now
  done
}

case $op in
whoami) id -un; id -u ;;
locate)
  for c in "$@"; do locate_one "$c" && exit 0; done
  echo none
  ;;
read) read_file "$1" "$2" ;;
files) files "$1" "$2" "$3" ;;
tail) tail_file "$1" "$2" ;;
sizes) sizes "$1" "$2" ;;
remove) remove "$@" ;;
commit) commit "$@" ;;
create) create "$@" ;;
aside) aside "$@" ;;
turn) turn "$1" ;;
runnable) runnable "$1" ;;
run) run "$@" ;;
watch) watch "$@" ;;
*) echo unknown_op; exit 2 ;;
esac
