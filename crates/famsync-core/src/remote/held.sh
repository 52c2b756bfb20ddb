# famsync's held session on the server (held.rs: one ssh kept open where the client has no
# ControlMaster). sh reads this after `E=<marker>` and `H=<helper.sh>` lines, through the same
# bootstrap as every helper. It says who it runs as, then answers requests in turn: a request is
# two lines of base64, the helper's `set -- OP ARGS...` line and the op's stdin; each answer is
# the helper's output, a newline, and the marker with the helper's exit status. Both travel as
# base64 so a newline or a NUL in them cannot end a request early, and the whole stdin of an op
# is read before it runs, so an op that stops early cannot leave bytes for the next request.
# The helper runs in a subshell of this one, not as `sh -c`: its arguments (paths, checksums)
# stay out of the argv every account on the server can read.
printf '%s\n%s\n%s 0\n' "$(id -un)" "$(id -u)" "$E"
while IFS= read -r a && IFS= read -r i; do
  eval "$(printf '%s' "$a" | base64 -d)"
  printf '%s' "$i" | base64 -d | (eval "$H")
  printf '\n%s %s\n' "$E" "$?"
done
