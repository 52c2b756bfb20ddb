//! Every bad input issue #2 names: a clear message (what, where, what to do), a stable exit and
//! error code, and nothing on disk changed. Each case runs both `status` and `enable --yes`.

mod common;
use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// Runs status and enable (text and JSON) against `bwdata`: both must give exit code `exit`
/// and error `code`, the text must contain every one of `says` (the place and the fix), and
/// the tree under `root` must be byte-for-byte unchanged afterwards.
fn check(root: &Path, bwdata: &Path, exit: i32, code: &str, says: &[&str]) {
    let before = tree(root);
    let bw = bwdata.to_str().unwrap();
    for args in [
        vec!["status", "--bwdata", bw],
        vec!["enable", "--region", "eu", "--yes", "--bwdata", bw],
    ] {
        let text = famsync(&args);
        assert_eq!(text.code, exit, "{args:?}: {}", text.stderr);
        for want in says {
            assert!(
                text.stderr.contains(want),
                "{args:?}: {want:?} not in {}",
                text.stderr
            );
        }
        let mut json_args = args.clone();
        json_args.push("--json");
        let json = famsync(&json_args).json();
        assert_eq!(json["error"]["code"], code, "{args:?}");
        assert_eq!(json["exit_code"], exit);
    }
    assert_eq!(tree(root), before, "something on disk changed");
}

fn expect(f: &Fixture, exit: i32, code: &str, says: &[&str]) {
    check(f.dir.path(), &f.bwdata, exit, code, says);
}

fn with_env(content: &[u8]) -> Fixture {
    let f = fixture("us");
    fs::write(f.env_file(), content).unwrap();
    f
}

#[test]
fn path_missing() {
    let dir = tempfile::tempdir().unwrap();
    check(
        dir.path(),
        &dir.path().join("no-such-bwdata"),
        3,
        "path_missing",
        &["does not exist", "--bwdata"],
    );
}

#[test]
fn folder_that_is_not_a_bwdata() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    check(
        dir.path(),
        dir.path(),
        3,
        "not_a_bwdata",
        &["not a Bitwarden bwdata folder", "bitwarden.sh"],
    );
}

#[test]
fn nothing_found_anywhere_offers_the_sample() {
    let empty = tempfile::tempdir().unwrap();
    let r = famsync_in(&["status"], Some(empty.path()));
    assert_eq!(r.code, 3);
    says(
        &r.stderr,
        &["No Bitwarden installation found", "famsync --sample status"],
    );
}

#[test]
fn env_file_missing() {
    let f = fixture("us");
    fs::remove_file(f.env_file()).unwrap();
    expect(
        &f,
        5,
        "env_file_missing",
        &["global.override.env is missing", "backup"],
    );
}

#[test]
fn env_file_empty() {
    let f = with_env(b"\n\n");
    expect(&f, 5, "env_file_empty", &["is empty", "backup"]);
}

#[test]
fn env_file_not_utf8() {
    let f = fixture("not-utf8");
    expect(&f, 5, "env_file_not_utf8", &["not UTF-8", "line 5"]);
}

#[test]
fn env_file_binary() {
    let f = with_env(b"globalSettings__x=1\n\x00\x01\x02\xff\xfe binary");
    expect(&f, 5, "env_file_binary", &["binary data", "offset 20"]);
}

#[test]
fn env_file_over_a_mebibyte_of_junk() {
    let junk: Vec<u8> = (0..(1024 * 1024 + 10)).map(|i| b"abcdefgh=\n"[i % 10]).collect();
    let f = with_env(&junk);
    expect(&f, 5, "env_file_too_large", &["1048586 bytes", "backup"]);
}

#[test]
fn env_file_is_a_symlink_to_elsewhere() {
    let f = fixture("us");
    let elsewhere = f.dir.path().join("elsewhere.env");
    fs::rename(f.env_file(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, f.env_file()).unwrap();
    expect(
        &f,
        5,
        "env_file_symlink",
        &["symbolic link to", "elsewhere.env", "cp --remove-destination"],
    );
}

#[test]
fn installation_id_not_a_guid_blocks_enable() {
    let f = fixture("bad-installation-id");
    let before = tree(f.dir.path());
    let r = enable_eu(&f);
    assert_eq!(r.code, 5, "{}", r.stderr);
    says(&r.stderr, &["line 9", "not a GUID"]);
    assert_eq!(tree(f.dir.path()), before);
}

#[test]
fn damaged_license_does_not_block_status_or_enable() {
    for name in ["license-damaged", "license-trailing-junk"] {
        let f = fixture(name);
        let r = enable_eu(&f);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
}

/// Permission denied needs a user the file is closed to: as root, drop to `nobody`.
#[test]
fn env_file_unreadable_names_the_owner() {
    let f = fixture("us");
    let before = tree(f.dir.path());
    let bw = f.bwdata.to_str().unwrap();
    let out = if is_root() {
        Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                bin(),
                "status",
                "--bwdata",
                bw,
            ])
            .env("HOME", "/nonexistent")
            .output()
            .expect("setpriv (util-linux) runs")
    } else {
        fs::set_permissions(f.env_file(), fs::Permissions::from_mode(0o000)).unwrap();
        Command::new(bin())
            .args(["status", "--bwdata", bw])
            .output()
            .unwrap()
    };
    let r: Run = out.into();
    assert_eq!(r.code, 4, "{}", r.stderr);
    says(&r.stderr, &["Permission denied", "sudo -u"]);
    if is_root() {
        says(&r.stderr, &["belongs to root", "runs as nobody"]);
        assert_eq!(tree(f.dir.path()), before);
    }
}

/// A real read-only bind mount, in a private mount namespace so it needs no root and
/// disappears with the command.
#[test]
fn read_only_filesystem_refuses_and_changes_nothing() {
    let f = fixture("us");
    let before = tree(f.dir.path());
    let env = f.bwdata.join("env");
    let script = format!(
        "mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}' && exec '{bin}' enable --region eu --yes --bwdata '{bw}'",
        d = env.display(),
        bin = bin(),
        bw = f.bwdata.display()
    );
    let r: Run = Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output()
        .expect("unshare runs")
        .into();
    assert_eq!(r.code, 6, "{}", r.stderr);
    says(&r.stderr, &["read-only filesystem", "Remount"]);
    assert_eq!(tree(f.dir.path()), before);
}

/// Discovery finds ~/bwdata but may not read it: that is a permission problem to report,
/// not "no installation found".
#[test]
fn discovery_reports_an_unreadable_installation() {
    let home = tempfile::tempdir().unwrap();
    fs::set_permissions(home.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let bwdata = home.path().join("bwdata");
    fs::create_dir_all(bwdata.join("env")).unwrap();
    let mut cmd = if is_root() {
        // Root reads everything: close the folder to `nobody` and run as that user.
        fs::set_permissions(&bwdata, fs::Permissions::from_mode(0o700)).unwrap();
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            bin(),
            "status",
        ]);
        c
    } else {
        fs::set_permissions(&bwdata, fs::Permissions::from_mode(0o000)).unwrap();
        let mut c = Command::new(bin());
        c.arg("status");
        c
    };
    let r: Run = cmd
        .env("HOME", home.path())
        .env_remove("FAMSYNC_BWDATA")
        .current_dir("/")
        .output()
        .unwrap()
        .into();
    fs::set_permissions(&bwdata, fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("Permission denied on {}", bwdata.display())),
        "{}",
        r.stderr
    );
}
