//! The SSH helper's backup names, run here with sh (it is POSIX sh, as on a server): within one
//! second a new backup takes a counter after the highest one used, never a lower one that
//! pruning freed, so names keep sorting in the order the backups were made.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

use std::fs;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::process::{Command, Stdio};

const HELPER: &str = include_str!("../src/remote/helper.sh");
const STAMP: &str = "20261129T000000Z";

#[test]
fn a_freed_low_counter_is_not_reused_within_the_same_second() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("global.override.env");
    fs::write(&env, "A=1\n").unwrap();
    let name = |suffix: &str| format!("global.override.env.famsync-{STAMP}{suffix}.bak");
    // Three backups this second, then the two oldest pruned.
    for s in ["", "-2", "-3"] {
        fs::write(dir.path().join(name(s)), "old").unwrap();
    }
    fs::remove_file(dir.path().join(name(""))).unwrap();
    fs::remove_file(dir.path().join(name("-2"))).unwrap();

    let new = b"A=2\n";
    let meta = fs::metadata(&env).unwrap();
    let mut child = Command::new("sh")
        .args(["-c", HELPER, "famsync", "commit"])
        .arg(&env)
        .arg(famsync_core::envfile::sha256_hex(b"A=1\n"))
        .arg(famsync_core::envfile::sha256_hex(new))
        .arg(format!("{:o}", meta.mode() & 0o7777))
        .arg(meta.uid().to_string())
        .arg(meta.gid().to_string())
        .arg(STAMP)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(new).unwrap();
    let out = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    // Names in the helper's answers are base64.
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(name("-4"));
    assert!(out.contains(&format!("backup {encoded}\n")), "{out}");
    assert_eq!(fs::read(&env).unwrap(), new);
}
