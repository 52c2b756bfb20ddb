//! The env file's secrets never reach a file another account can open: after every command
//! that writes (enable, disable, a restore, a report) every file under the installation and
//! famsync's own folders that holds one of them is its owner's alone (no group or other bits,
//! no ACL), and the only such files are the env file and its backups.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The fixture's secret values (tests/fixtures/make-fixtures.py).
const SECRETS: [&str; 4] = [
    "FIXTURE-sql-password",
    "FIXTUREinstallationKey",
    "FIXTUREinternalIdentityKey",
    "FIXTURE-smtp-password",
];

fn holds_secret(bytes: &[u8]) -> bool {
    SECRETS
        .iter()
        .any(|s| bytes.windows(s.len()).any(|w| w == s.as_bytes()))
}

/// Every file under `root` that holds a secret, with its mode and whether it has an ACL.
fn secret_files(root: &Path) -> Vec<(std::path::PathBuf, u32, bool)> {
    tree(root)
        .into_iter()
        .filter(|(_, (bytes, _))| holds_secret(bytes))
        .map(|(path, _)| {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            let acl = xattr::get(&path, "system.posix_acl_access")
                .ok()
                .flatten()
                .is_some();
            (path, mode, acl)
        })
        .collect()
}

/// `famsync ARGS --bwdata F` with `home` as HOME (its data folder is looked at after).
fn famsync_at(f: &Fixture, home: &Path, args: &[&str]) -> Run {
    std::process::Command::new(bin())
        .args(args)
        .args(["--bwdata", f.bwdata.to_str().unwrap()])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("FAMSYNC_BWDATA")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
        .into()
}

#[test]
fn no_secret_reaches_a_file_another_account_can_open() {
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let report = home.path().join("report.json");
    let run = |args: &[&str]| famsync_at(&f, home.path(), args);
    let backup = {
        assert_eq!(run(&["enable", "--region", "eu", "--yes"]).code, 0);
        let list = run(&["backups", "list", "--json"]).json();
        list[0]["name"].as_str().unwrap().to_string()
    };
    for args in [
        vec!["status"],
        vec!["disable", "--yes"],
        vec!["backups", "restore", &backup, "--yes"],
        vec!["report", "--no-checks", "-o", report.to_str().unwrap()],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            !holds_secret(format!("{}{}", r.stdout, r.stderr).as_bytes()),
            "{args:?} printed a secret"
        );
    }
    let env = f.bwdata.join("env");
    for root in [f.dir.path(), home.path()] {
        for (path, mode, acl) in secret_files(root) {
            assert_eq!(
                (mode & 0o077, acl),
                (0, false),
                "{} is {mode:o}, ACL {acl}",
                path.display()
            );
            assert_eq!(
                path.parent(),
                Some(env.as_path()),
                "a secret outside env/: {}",
                path.display()
            );
        }
    }
    assert!(
        report.exists() && !holds_secret(&std::fs::read(&report).unwrap()),
        "the report"
    );
}
