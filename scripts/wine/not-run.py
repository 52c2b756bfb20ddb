#!/usr/bin/env python3
"""Every test of the Linux suite runs under Wine too, or tests/not-on-windows.txt names it and
says why. Reads the `cargo test -- --list` output of both (cargo's "Running" lines name each
test binary, after a `Package NAME` line); fails on a test missing on Windows that the file does not name, and on a line of
the file that names a test which does run there (stale), so the list stays the truth.
Usage: not-run.py LINUX_LIST WINDOWS_LIST tests/not-on-windows.txt"""
import re
import sys

RUNNING = re.compile(r"Running (?:unittests )?(\S+)")
PACKAGE = re.compile(r"^Package (\S+)")


def tests(path):
    """{(binary, test name)} from --list outputs, each after a `Package NAME` line: the binary as
    NAME/its source path (famsync-cli/tests/token.rs)."""
    found, package, binary = set(), None, None
    for line in open(path, encoding="utf-8", errors="replace"):
        m = PACKAGE.match(line)
        if m:
            package, binary = m.group(1), None
            continue
        m = RUNNING.search(line)
        if m:
            binary = f"{package}/" + m.group(1).replace("\\", "/")
            continue
        if binary and line.rstrip().endswith(": test"):
            found.add((binary, line.rstrip()[: -len(": test")]))
    return found


def listed(path):
    """[(binary, name or '*', why)] from the file: `<package>/<source> <test or *>  <why>`, # comments."""
    out = []
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            sys.exit(f"{path}:{number}: want `<binary> <test or *> <why>`, got: {line}")
        out.append(tuple(parts))
    return out


def main(linux_list, windows_list, named_file):
    linux, windows = tests(linux_list), tests(windows_list)
    if not windows:
        sys.exit("famsync (windows): no test ran under Wine")
    names = listed(named_file)
    missing = linux - windows
    failed = False
    for binary, test in sorted(missing):
        if not any(b == binary and t in ("*", test) for b, t, _ in names):
            print(f"famsync (windows): {binary} {test} does not run under Wine and {named_file} does not say why")
            failed = True
    for binary, test, _ in names:
        if test == "*":
            stale = any(b == binary for b, _ in windows)
        else:
            stale = (binary, test) in windows or (binary, test) not in linux
        if stale:
            print(f"famsync (windows): {named_file} names {binary} {test}, which runs under Wine or is no test")
            failed = True
    print(f"Windows under Wine: {len(windows)} tests listed; {len(missing)} Linux tests not built there, each named in {named_file}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(*sys.argv[1:])
