//! Who may open the env file stays as it was: its ACL is kept on the new file and on the
//! backup, a default ACL of the env folder does not widen it, a hard link is named before it
//! is split, and a file any account may write is a problem.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod common;
use common::*;
use std::fs;
use std::process::Command;

/// getfacl's entries for `path`, without its comment lines.
fn acl(path: &std::path::Path) -> Vec<String> {
    let out = Command::new("getfacl")
        .args(["-cp", "--"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "getfacl (Debian's acl package) is needed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn setfacl(args: &[&str], path: &std::path::Path) {
    let ok = Command::new("setfacl").args(args).arg(path).status().unwrap();
    assert!(ok.success(), "setfacl {args:?}");
}

#[test]
fn the_env_file_s_acl_is_kept_on_the_new_file_and_the_backup() {
    let f = fixture("us");
    setfacl(&["-m", "u:nobody:r"], &f.env_file());
    let before = acl(&f.env_file());
    assert!(before.iter().any(|l| l == "user:nobody:r--"), "{before:?}");
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(acl(&f.env_file()), before);
    assert_eq!(acl(&f.backups()[0]), before);
}

#[test]
fn a_default_acl_on_the_env_folder_gives_no_one_more() {
    let f = fixture("us");
    setfacl(&["-d", "-m", "u:nobody:rw"], &f.bwdata.join("env"));
    let before = acl(&f.env_file());
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(acl(&f.env_file()), before, "the new file has only its mode");
    assert_eq!(acl(&f.backups()[0]), before);
    let nobody = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "cat"])
        .arg(f.env_file())
        .output()
        .unwrap();
    assert!(!nobody.status.success(), "nobody reads the secrets");
}

#[test]
fn a_hard_link_is_named_before_the_write_splits_it() {
    let f = fixture("us");
    let other = f.dir.path().join("elsewhere.env");
    fs::hard_link(f.env_file(), &other).unwrap();
    let dry = run(&f, &["enable", "--region", "eu", "--dry-run"]);
    says(&dry.stdout, &["has 2 names (hard links)"]);
    let plan = run(&f, &["enable", "--region", "eu", "--dry-run", "--json"]).json();
    assert_eq!(plan["plan"]["notes"][0]["code"], "splits_hard_link");
    assert_eq!(plan["plan"]["notes"][0]["links"], 2);
}

#[test]
fn an_env_file_any_account_may_write_is_a_problem() {
    use std::os::unix::fs::PermissionsExt;
    let f = fixture("us");
    fs::set_permissions(f.env_file(), fs::Permissions::from_mode(0o606)).unwrap();
    let v = run(&f, &["status", "--json"]).json();
    assert_eq!(
        v["problems"][0]["code"], "env_file_world_writable",
        "{}",
        v["problems"]
    );
    let text = run(&f, &["status"]);
    says(
        &text.stdout,
        &["Any account on this machine may write", "chmod 600"],
    );
}

/// Runs famsync as nobody (uid 65534), for a fixture that nobody owns.
fn as_nobody(f: &Fixture, args: &[&str]) -> Run {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin())
        .args(args)
        .arg("--bwdata")
        .arg(&f.bwdata)
        .env("HOME", "/nonexistent")
        .output()
        .unwrap()
        .into()
}

/// The US fixture, every file of it nobody's.
fn nobodys_fixture() -> Fixture {
    let f = fixture("us");
    let chown = Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(f.dir.path())
        .status();
    assert!(chown.unwrap().success());
    f
}

#[test]
fn the_owner_is_told_what_refused_them_not_to_run_as_the_owner() {
    use std::os::unix::fs::PermissionsExt;
    let f = nobodys_fixture();
    let env = f.bwdata.join("env");
    fs::set_permissions(&env, fs::Permissions::from_mode(0o500)).unwrap();
    let r = as_nobody(&f, &["enable", "--region", "eu", "--yes"]);
    fs::set_permissions(&env, fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(r.code, 4, "{}", r.stderr);
    says(
        &r.stderr,
        &["does not let its owner write in it (mode 500)", "chmod u+w"],
    );
    assert!(!r.stderr.contains("Run famsync as"), "{}", r.stderr);
}

#[test]
fn an_env_file_its_owner_may_not_read_is_said_so_whatever_its_write_bit() {
    use std::os::unix::fs::PermissionsExt;
    let f = nobodys_fixture();
    let env_file = f.bwdata.join("env/global.override.env");
    for mode in [0o000, 0o200] {
        fs::set_permissions(&env_file, fs::Permissions::from_mode(mode)).unwrap();
        let r = as_nobody(&f, &["status", "--json"]);
        assert_eq!(r.code, 4, "{}", r.stderr);
        assert_eq!(r.json()["error"]["code"], "file_not_readable", "mode {mode:o}");
        let text = as_nobody(&f, &["status"]);
        says(&text.stderr, &["does not let its owner read it", "chmod u+rw"]);
        assert!(!text.stderr.contains("Run famsync as"), "{}", text.stderr);
    }
}

#[test]
fn an_immutable_env_file_is_named_as_such_even_for_root() {
    let f = fixture("us");
    let chattr = |flag: &str| {
        Command::new("chattr")
            .arg(flag)
            .arg(f.env_file())
            .status()
            .unwrap()
    };
    assert!(chattr("+i").success(), "chattr +i needs root and ext4");
    let before = f.env_bytes();
    let r = run(&f, &["enable", "--region", "eu", "--yes", "--json"]);
    let text = run(&f, &["enable", "--region", "eu", "--yes"]);
    chattr("-i");
    assert_eq!(r.code, 4, "{}", r.stdout);
    assert_eq!(r.json()["error"]["code"], "immutable");
    says(&text.stderr, &["immutable or append-only", "chattr -i -a"]);
    assert_eq!(f.env_bytes(), before);
}
