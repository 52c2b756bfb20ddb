//! Names planted in env/ by someone who may write there: links at every temp and backup name
//! an older helper used (its pid and the second are predictable), and at names like the ones
//! it uses now. A write over SSH, logged in as root, must not write, chown or delete anything
//! they point at, and must still write the env file and a right backup.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::{backup, install};
use std::fs;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::{Path, PathBuf};
use support::sshd::{Sshd, OTHER_USER};

const EU: Action = Action::Enable {
    region: Region::Eu,
    push_relay: false,
};

/// What the links point at, outside env/: a file of another user, and an empty folder.
struct Victims {
    file: PathBuf,
    folder: PathBuf,
    owner: (u32, u32),
}

impl Victims {
    fn new(root: &Path) -> Victims {
        let file = root.join("victim.txt");
        let folder = root.join("victim-folder");
        fs::write(&file, "precious\n").unwrap();
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("keep"), "keep\n").unwrap();
        let owner = other_user().unwrap_or((nix::unistd::getuid().as_raw(), nix::unistd::getgid().as_raw()));
        std::os::unix::fs::chown(&file, Some(owner.0), Some(owner.1)).unwrap();
        Victims { file, folder, owner }
    }

    fn assert_untouched(&self) {
        assert_eq!(fs::read_to_string(&self.file).unwrap(), "precious\n");
        let meta = fs::metadata(&self.file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), self.owner, "the victim's owner changed");
        assert_eq!(meta.mode() & 0o7777, 0o644, "the victim's mode changed");
        let mut names: Vec<String> = fs::read_dir(&self.folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["keep"], "something landed in (or left) the victim folder");
    }
}

fn other_user() -> Option<(u32, u32)> {
    let user = nix::unistd::User::from_name(OTHER_USER).ok()??;
    Some((user.uid.as_raw(), user.gid.as_raw()))
}

/// Links at the names the old helper used for the next `ahead` pids, and at this minute's
/// backup names; links and a folder of someone else than the login (root when logged in as
/// OTHER_USER) named like today's private folders.
fn plant(env_dir: &Path, v: &Victims, ahead: u32, foreign_owner: Option<(u32, u32)>) {
    let last: u32 = fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let name = "global.override.env";
    for pid in last..last + ahead {
        for tmp in [
            format!(".{name}.backup-{pid}-0.tmp"),
            format!(".{name}.famsync-{pid}-1.tmp"),
            format!(".{name}.famsync-{pid}-2.tmp"),
        ] {
            symlink(&v.file, env_dir.join(tmp)).unwrap();
        }
    }
    let now = chrono::Utc::now();
    for s in 0..90 {
        let stamp = (now + chrono::Duration::seconds(s)).format(backup::STAMP);
        symlink(&v.folder, env_dir.join(format!("{name}.famsync-{stamp}.bak"))).unwrap();
        symlink(&v.file, env_dir.join(format!("{name}.famsync-{stamp}-2.bak"))).unwrap();
    }
    // Named like the helper's private folders of a helper that died: a link to the victim
    // folder, and a folder of someone else holding a link.
    symlink(&v.folder, env_dir.join(".famsync-999999998-AAAAAA")).unwrap();
    let foreign = env_dir.join(".famsync-999999999-BBBBBB");
    fs::create_dir(&foreign).unwrap();
    symlink(&v.file, foreign.join("new")).unwrap();
    if let Some((uid, gid)) = foreign_owner {
        std::os::unix::fs::lchown(&foreign, Some(uid), Some(gid)).unwrap();
    }
}

#[test]
fn links_planted_at_the_helper_s_names_are_never_followed() {
    write_among_plants(false);
}

/// The same, logged in as an unprivileged user who owns the env folder (needs root here).
#[test]
fn links_planted_at_the_helper_s_names_are_never_followed_by_an_unprivileged_login() {
    if !nix::unistd::geteuid().is_root() || other_user().is_none() {
        eprintln!("skipped: needs root and the user {OTHER_USER}");
        return;
    }
    write_among_plants(true);
}

fn write_among_plants(as_other_user: bool) {
    let sshd = Sshd::accepted();
    let local = install::open(&sshd.installation()).unwrap();
    let env_dir = local.env_file.parent().unwrap().to_path_buf();
    if as_other_user {
        let (uid, gid) = other_user().unwrap();
        for p in [&env_dir, &local.env_file] {
            std::os::unix::fs::chown(p, Some(uid), Some(gid)).unwrap();
        }
        sshd.log_in_as_other_user(&local.bwdata);
    }
    let remote = install::open_on(&sshd.host(), Some(&local.bwdata)).unwrap();
    let victims = Victims::new(sshd.dir.path());
    let before = fs::read(&local.env_file).unwrap();
    let foreign_owner = if as_other_user { None } else { other_user() };
    plant(&env_dir, &victims, 3000, foreign_owner);

    let applied = plan::apply(&remote, EU, None).unwrap();
    victims.assert_untouched();
    let meta = fs::symlink_metadata(&local.env_file).unwrap();
    assert!(meta.file_type().is_file(), "the env file is no regular file");
    assert_eq!(meta.nlink(), 1);
    let now = fs::read_to_string(&local.env_file).unwrap();
    assert!(
        now.contains("globalSettings__enableCloudCommunication=true"),
        "{now}"
    );
    let name = applied.backup.unwrap();
    let backup = env_dir.join(&name);
    assert!(fs::symlink_metadata(&backup).unwrap().file_type().is_file());
    assert_eq!(fs::read(&backup).unwrap(), before);
    assert_eq!(backup::list(&remote).unwrap().last().unwrap().name, name);

    // A restore of that backup too, and over a missing file (the helper's create).
    famsync_core::recovery::restore(&remote, &name, None).unwrap();
    assert_eq!(fs::read(&local.env_file).unwrap(), before);
    fs::remove_file(&local.env_file).unwrap();
    famsync_core::recovery::restore(&remote, &name, None).unwrap();
    assert_eq!(fs::read(&local.env_file).unwrap(), before);
    victims.assert_untouched();
    // The foreign folder named like the helper's is left alone; no private folder is left.
    assert!(env_dir.join(".famsync-999999999-BBBBBB/new").is_symlink());
    let left: Vec<_> = fs::read_dir(&env_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".famsync-") && !n.ends_with("AAAAAA") && !n.ends_with("BBBBBB"))
        .collect();
    assert!(left.is_empty(), "private folders left: {left:?}");
    drop(install::open(&local.bwdata).unwrap());
}

#[test]
fn an_env_folder_that_is_a_link_on_the_server_is_refused_and_never_written_through() {
    let sshd = Sshd::accepted();
    let (remote, _local) = sshd.both();
    let bwdata = remote.bwdata.clone();
    let victim = sshd.dir.path().join("victim");
    fs::create_dir(&victim).unwrap();
    fs::rename(bwdata.join("env"), victim.join("env")).unwrap();
    symlink(victim.join("env"), bwdata.join("env")).unwrap();
    let before = fs::read(victim.join("env/global.override.env")).unwrap();
    // Opened before the swap: the write refuses.
    let applied = plan::apply(&remote, EU, None);
    assert!(
        matches!(applied, Err(famsync_core::Error::EnvFolderLink { .. })),
        "{applied:?}"
    );
    // Opened after it: refused at once, naming the link and where it points.
    match install::open_on(&sshd.host(), Some(&bwdata)) {
        Err(famsync_core::Error::EnvFolderLink { path, target }) => {
            assert_eq!(path, bwdata.join("env"));
            assert_eq!(target, victim.join("env"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(victim.join("env/global.override.env")).unwrap(), before);
    assert_eq!(
        fs::read_dir(victim.join("env")).unwrap().count(),
        1,
        "nothing added there"
    );
}
