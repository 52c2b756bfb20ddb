//! Who runs bitwarden.sh, and which scripts famsync refuses to run at all: as root, the
//! script runs as the account owning it; a script, run.sh or folder above them that another
//! account may change is refused. Real files, owners, modes and processes; needs root (as
//! anyone else these tests only check that nothing is refused for them).
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

use famsync_core::runner::{self, Cancel, Outcome, OutputLine, RunOptions, ScriptCommand};
use famsync_core::{install, Error, Installation};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The unprivileged account scripts/install-deps.sh creates ("another account").
const OTHER_USER: &str = "famsync-test";

/// Says who it runs as, then what bitwarden.sh says at the end of a good restart.
const WHOAMI: &str =
    "#!/bin/sh\necho \"user=$(id -un) groups=$(id -G) home=$HOME\"\necho 'Bitwarden is up and running!'\n";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The us fixture's bwdata and `script` as bitwarden.sh beside it, all root's, 0755.
fn installation(script: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let copy = std::process::Command::new("cp")
        .arg("-r")
        .arg(repo().join("tests/fixtures/us/bwdata"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(copy.success());
    let path = dir.path().join("bitwarden.sh");
    fs::write(&path, script).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    (dir, path)
}

fn open(dir: &Path) -> Installation {
    install::open(&dir.join("bwdata")).unwrap()
}

fn other() -> nix::unistd::User {
    nix::unistd::User::from_name(OTHER_USER)
        .unwrap()
        .expect("scripts/install-deps.sh creates it")
}

fn chown_to_other(path: &Path) {
    let u = other();
    std::os::unix::fs::chown(path, Some(u.uid.as_raw()), Some(u.gid.as_raw())).unwrap();
}

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn run(inst: &Installation) -> famsync_core::Result<(Outcome, Vec<String>)> {
    let mut lines = Vec::new();
    let opts = RunOptions {
        root_consent: true,
        ..RunOptions::default()
    };
    let outcome = runner::run(
        inst,
        ScriptCommand::Restart,
        &opts,
        &Cancel::default(),
        &mut |l: &OutputLine| lines.push(l.text.clone()),
    )?;
    Ok((outcome, lines))
}

fn root() -> bool {
    nix::unistd::geteuid().is_root()
}

#[test]
fn as_root_a_script_owned_by_another_account_runs_as_that_account() {
    if !root() {
        return;
    }
    let (dir, script) = installation(WHOAMI);
    chown_to_other(dir.path());
    chown_to_other(&script);
    let inst = open(dir.path());
    let shown = runner::script_account(&inst).unwrap().unwrap();
    assert_eq!(
        (shown.owner.as_str(), shown.runs_as.as_str()),
        (OTHER_USER, OTHER_USER)
    );
    assert!(!shown.as_root);
    let (outcome, lines) = run(&inst).unwrap();
    assert!(
        matches!(outcome, Outcome::UpAndRunning { .. }),
        "{outcome:?} {lines:?}"
    );
    let u = other();
    let want = format!("user={OTHER_USER} groups={} home={}", u.gid, u.dir.display());
    assert!(lines.contains(&want), "{want:?} not in {lines:?}");
}

#[test]
fn as_root_a_script_owned_by_root_runs_as_root() {
    let (dir, _) = installation(WHOAMI);
    let inst = open(dir.path());
    let shown = runner::script_account(&inst).unwrap().unwrap();
    assert_eq!(shown.as_root, root());
    let (_, lines) = run(&inst).unwrap();
    let me = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap()
        .name;
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("user={me} "))),
        "{lines:?}"
    );
}

/// The refusal names the file, its owner and its mode, and nothing ran.
fn assert_refused(inst: &Installation, path: &Path, owner: &str, mode: &str) {
    let marker = inst.bwdata.parent().unwrap().join("ran");
    let result = run(inst);
    match result {
        Err(Error::ScriptNotTrusted {
            path: p,
            owner: o,
            mode: m,
            ..
        }) => assert_eq!((p.as_path(), &*o, m.as_str()), (path, owner, mode)),
        other => panic!("not refused: {other:?}"),
    }
    assert!(!marker.exists(), "the script ran anyway");
    // Said before any run, too: status lists it.
    let report = famsync_core::status::current(inst).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Error::ScriptNotTrusted { .. })),
        "{:?}",
        report.problems
    );
}

const MARKS: &str = "#!/bin/sh\ntouch \"$(dirname \"$0\")/ran\"\necho 'Bitwarden is up and running!'\n";

#[test]
fn a_script_others_may_change_is_refused() {
    if !root() {
        return;
    }
    let (dir, script) = installation(MARKS);
    chown_to_other(dir.path());
    chown_to_other(&script);
    chmod(&script, 0o777);
    assert_refused(&open(dir.path()), &script, OTHER_USER, "0777");
}

#[test]
fn a_root_script_in_a_folder_others_may_write_is_refused() {
    if !root() {
        return;
    }
    let (dir, _) = installation(MARKS);
    chmod(dir.path(), 0o777);
    assert_refused(&open(dir.path()), dir.path(), "root", "0777");
}

#[test]
fn a_root_script_whose_run_sh_belongs_to_another_account_is_refused() {
    if !root() {
        return;
    }
    let (dir, _) = installation(MARKS);
    let scripts = dir.path().join("bwdata/scripts");
    fs::create_dir(&scripts).unwrap();
    let run_sh = scripts.join("run.sh");
    fs::write(&run_sh, "#!/bin/sh\n").unwrap();
    chmod(&run_sh, 0o755);
    chown_to_other(&run_sh);
    assert_refused(&open(dir.path()), &run_sh, OTHER_USER, "0755");
}

#[test]
fn a_sticky_world_writable_folder_above_is_not_a_refusal() {
    // /tmp (1777) is above every fixture: whoever may write there cannot rename ours.
    let (dir, _) = installation(WHOAMI);
    assert!(runner::script_account(&open(dir.path())).is_ok());
}
