//! Files famsync creates beside the owner's, where another account may write the folder
//! (env/ group- or world-writable: the `bitwarden` user, a docker group): whatever that
//! account plants at a name famsync will use (a file, a symbolic link, a hard link), or reads
//! and links while famsync writes, never gets it the secrets, never has famsync write through
//! it, and never passes for one of famsync's backups. Real files and a real second account
//! (scripts/install-deps.sh's famsync-test); as anyone but root these tests only run famsync.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::{backup, install, Installation};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

const OTHER_USER: &str = "famsync-test";
/// The sample env file's installation key: what the other account must never read.
const SECRET: &str = "SAMPLEnotARealKey000";

fn root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// The sample installation (root's, env file 0600) with env/ writable by everyone, and a
/// folder of the other account's own for what it collects.
fn fixture() -> (tempfile::TempDir, Installation, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/bwdata");
    let bw = dir.path().join("bwdata");
    for rel in ["config.yml", "env/global.override.env"] {
        fs::create_dir_all(bw.join(rel).parent().unwrap()).unwrap();
        fs::copy(src.join(rel), bw.join(rel)).unwrap();
    }
    fs::set_permissions(bw.join("env"), fs::Permissions::from_mode(0o777)).unwrap();
    let inst = install::open(&bw).unwrap();
    fs::set_permissions(&inst.env_file, fs::Permissions::from_mode(0o600)).unwrap();
    let loot = dir.path().join("loot");
    fs::create_dir(&loot).unwrap();
    if root() {
        chown_to_other(&loot);
    }
    (dir, inst, loot)
}

fn chown_to_other(path: &Path) {
    let u = nix::unistd::User::from_name(OTHER_USER).unwrap().unwrap();
    std::os::unix::fs::lchown(path, Some(u.uid.as_raw()), Some(u.gid.as_raw())).unwrap();
}

fn other_command(script: &str, args: &[&Path]) -> Command {
    let mut cmd = Command::new("setpriv");
    cmd.args([
        &format!("--reuid={OTHER_USER}"),
        "--regid=nogroup",
        "--clear-groups",
        "sh",
        "-c",
        script,
        "sh",
    ])
    .args(args);
    cmd
}

/// Runs `script` (sh, with `args` as $1…) as the other account; its standard output.
fn as_other(script: &str, args: &[&Path]) -> String {
    let out = other_command(script, args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn toggle(inst: &Installation, times: usize) {
    for i in 0..times {
        let action = if i % 2 == 0 {
            Action::Enable {
                region: Region::Eu,
                push_relay: false,
            }
        } else {
            Action::Disable
        };
        plan::apply(inst, action, None).unwrap();
    }
}

/// While famsync writes again and again (temp files, backups, pruning), the other account reads
/// and hard-links every name that appears in env/ as fast as it can: it gets nothing secret.
#[test]
fn racing_reads_and_links_in_env_get_no_secret() {
    if !root() {
        return;
    }
    let (_dir, inst, loot) = fixture();
    let env_dir = inst.env_file.parent().unwrap();
    let racer: Child = other_command(
        r#"while [ ! -e "$2/stop" ]; do
             for f in "$1"/.[!.]* "$1"/*; do
               cat "$f" >> "$2/read" 2>/dev/null
               ln "$f" "$2/" 2>/dev/null
             done
           done"#,
        &[env_dir, &loot],
    )
    .spawn()
    .unwrap();
    toggle(&inst, 40);
    fs::write(loot.join("stop"), "").unwrap();
    let mut racer = racer;
    racer.wait().unwrap();
    // What it read, and what it can read through any name it made.
    let seen = as_other(r#"cat "$1"/* 2>/dev/null"#, &[&loot]);
    assert!(!seen.contains(SECRET), "the other account read the secret");
    assert!(backup::list(&inst).unwrap().len() >= 10);
}

/// Links and files planted at the names of the next backups: famsync neither writes through
/// them nor counts them, and makes its backup under a free name.
#[test]
fn names_planted_at_the_next_backups_are_neither_followed_nor_taken_for_backups() {
    if !root() {
        return;
    }
    let (_dir, inst, loot) = fixture();
    let env_dir = inst.env_file.parent().unwrap().to_path_buf();
    let sink = loot.join("sink");
    as_other(r#": > "$1"; chmod 666 "$1""#, &[&sink]);
    let now = chrono::Utc::now();
    for s in 0..3 {
        let stamp = (now + chrono::Duration::seconds(s)).format(backup::STAMP);
        let base = format!("global.override.env.famsync-{stamp}");
        let link = env_dir.join(format!("{base}.bak"));
        let file = env_dir.join(format!("{base}-2.bak"));
        as_other(
            r#"ln -s "$1" "$2"; printf 'globalSettings__installation__key=planted\n' > "$3""#,
            &[&sink, &link, &file],
        );
    }
    toggle(&inst, 1);
    assert_eq!(
        fs::read(&sink).unwrap(),
        b"",
        "a write went through a planted link"
    );
    let listed = backup::list(&inst).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    let made = env_dir.join(&listed[0].name);
    let meta = fs::symlink_metadata(&made).unwrap();
    assert!(meta.is_file() && meta.uid() == 0 && meta.nlink() == 1, "{meta:?}");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(fs::read_to_string(&made).unwrap().contains(SECRET));
}

/// A restore that moves a FIFO out of the env file's way never takes a name someone planted.
#[test]
fn moving_aside_keeps_what_was_planted_at_the_aside_name() {
    let (_dir, inst, loot) = fixture();
    toggle(&inst, 1);
    let name = backup::list(&inst).unwrap()[0].name.clone();
    fs::remove_file(&inst.env_file).unwrap();
    nix::unistd::mkfifo(&inst.env_file, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let stamp = chrono::Utc::now().format(backup::STAMP);
    let planted = inst
        .env_file
        .with_file_name(format!("global.override.env.famsync-aside-{stamp}-1"));
    std::os::unix::fs::symlink(&loot, &planted).unwrap();
    famsync_core::recovery::restore(&inst, &name, None).unwrap();
    assert_eq!(
        fs::read_link(&planted).unwrap(),
        loot,
        "the planted name was replaced"
    );
    assert!(fs::read_to_string(&inst.env_file).unwrap().contains(SECRET));
}

/// A report asked for at a name another account has made a link: refused, nothing written.
#[test]
fn a_report_is_never_written_through_a_planted_link() {
    let (dir, inst, loot) = fixture();
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    let sink = loot.join("sink");
    fs::write(&sink, "").unwrap();
    let at = shared.join("report.txt");
    std::os::unix::fs::symlink(&sink, &at).unwrap();
    if root() {
        chown_to_other(&at);
    }
    for existing in [
        famsync_core::files::Existing::Refuse,
        famsync_core::files::Existing::Replace,
    ] {
        let r = famsync_core::report::save(&inst, &at, SECRET, existing);
        assert!(r.is_err(), "{r:?}");
    }
    assert_eq!(fs::read(&sink).unwrap(), b"");
}

/// A bwdata whose env/ is a link to another installation's folder (which only root may
/// enter): the tester's attack, where whoever may write bwdata swaps env/ for a link.
fn env_linked_elsewhere() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, inst, _loot) = fixture();
    let victim = dir.path().join("victim");
    fs::create_dir(&victim).unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o700)).unwrap();
    fs::rename(inst.bwdata.join("env"), victim.join("env")).unwrap();
    std::os::unix::fs::symlink(victim.join("env"), inst.bwdata.join("env")).unwrap();
    (dir, inst.bwdata.clone(), victim.join("env"))
}

#[test]
fn an_env_folder_that_is_a_link_is_refused_before_anything_is_read_or_written() {
    let (_dir, bwdata, victim) = env_linked_elsewhere();
    let before = fs::read(victim.join("global.override.env")).unwrap();
    match install::open(&bwdata) {
        Err(famsync_core::Error::EnvFolderLink { path, target }) => {
            assert_eq!(path, bwdata.join("env"));
            assert_eq!(target, victim);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(victim.join("global.override.env")).unwrap(), before);
    assert_eq!(fs::read_dir(&victim).unwrap().count(), 1, "nothing added there");
}

#[test]
fn an_env_folder_swapped_for_a_link_after_opening_is_not_written_through() {
    let (dir, inst, _loot) = fixture();
    let victim = dir.path().join("victim");
    fs::create_dir(&victim).unwrap();
    let env = inst.bwdata.join("env");
    fs::rename(&env, victim.join("env")).unwrap();
    std::os::unix::fs::symlink(victim.join("env"), &env).unwrap();
    let before = fs::read(victim.join("env/global.override.env")).unwrap();
    let eu = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    let applied = plan::apply(&inst, eu, None);
    assert!(
        matches!(applied, Err(famsync_core::Error::EnvFolderLink { .. })),
        "{applied:?}"
    );
    assert_eq!(fs::read(victim.join("env/global.override.env")).unwrap(), before);
    let names: Vec<_> = fs::read_dir(victim.join("env")).unwrap().collect();
    assert_eq!(names.len(), 1, "no backup or temp file there: {names:?}");
}
