# famsync's held session on the server (held.rs: one ssh kept open where the client has no
# ControlMaster). sh reads this after `E=<marker>` and `H=<helper.sh>` lines, through the same
# bootstrap as every helper. It says who it runs as, then answers requests in turn: a request is
# two lines of base64, the helper's `set -- OP ARGS...` line and the op's stdin; each answer is
# the helper's output, a newline, and the marker with the helper's exit status. Both travel as
# base64 so a newline or a NUL in them cannot end a request early, and the whole stdin of an op
# is read before it runs, so an op that stops early cannot leave bytes for the next request.
# The helper runs in a subshell of this one, not as `sh -c`: its arguments (paths, checksums)
# stay out of the argv every account on the server can read.
# A request whose `set --` line does not decode is answered 125 and never run: its arguments
# would otherwise be the previous request's. Each line goes to base64 with its newline, which
# some implementations (openssl's) need to decode the last group.
printf '%s\n%s\n%s 0\n' "$(id -un)" "$(id -u)" "$E"
while IFS= read -r a && IFS= read -r i; do
  set --
  if r=$(printf '%s\n' "$a" | base64 -d) && [ -n "$r" ] && eval "$r" && [ $# -gt 0 ]; then
    printf '%s\n' "$i" | base64 -d | (eval "$H")
    s=$?
  else
    s=125
  fi
  printf '\n%s %s\n' "$E" "$s"
done
