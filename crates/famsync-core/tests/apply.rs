//! plan::apply and restore against real files: compare-and-swap, mode and owner kept,
//! secrets never shown in a diff.

use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::{install, Error};
use std::fs;
use std::path::Path;

#[path = "support/modes.rs"]
mod modes;

const EU: Action = Action::Enable {
    region: Region::Eu,
    push_relay: false,
};

fn fixture() -> (tempfile::TempDir, famsync_core::Installation) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/bwdata");
    let bw = dir.path().join("bwdata");
    for rel in ["config.yml", "env/global.override.env"] {
        fs::create_dir_all(bw.join(rel).parent().unwrap()).unwrap();
        fs::copy(src.join(rel), bw.join(rel)).unwrap();
    }
    let inst = install::open(&bw).unwrap();
    modes::set_mode(&inst.env_file, 0o600);
    (dir, inst)
}

fn backups(inst: &famsync_core::Installation) -> usize {
    famsync_core::backup::list(inst).unwrap().len()
}

#[test]
fn a_stale_preview_is_refused_and_nothing_is_written() {
    let (_d, inst) = fixture();
    let plan = plan::preview(&inst, EU).unwrap();
    let edited =
        fs::read_to_string(&inst.env_file).unwrap() + "globalSettings__hibpApiKey=changed-meanwhile\n";
    fs::write(&inst.env_file, &edited).unwrap();
    let err = plan::apply(&inst, EU, Some(&plan.revision)).unwrap_err();
    assert!(matches!(err, Error::EnvFileChanged { .. }), "{err:?}");
    assert_eq!(fs::read_to_string(&inst.env_file).unwrap(), edited);
    assert_eq!(backups(&inst), 0);
}

#[cfg(unix)] // Windows has an ACL, not a mode (tests/not-on-windows.txt)
#[test]
fn mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, inst) = fixture();
    fs::set_permissions(&inst.env_file, fs::Permissions::from_mode(0o640)).unwrap();
    plan::apply(&inst, EU, None).unwrap();
    assert_eq!(
        fs::metadata(&inst.env_file).unwrap().permissions().mode() & 0o7777,
        0o640
    );
    let name = famsync_core::backup::list(&inst).unwrap().remove(0).name;
    let backup = inst.env_file.with_file_name(name);
    assert_eq!(fs::metadata(backup).unwrap().permissions().mode() & 0o7777, 0o640);
}

#[cfg(unix)] // a Unix owner (tests/not-on-windows.txt)
#[test]
fn owner_is_kept_when_root() {
    use std::os::unix::fs::MetadataExt;
    let (_d, inst) = fixture();
    if nix::unistd::geteuid().is_root() {
        std::os::unix::fs::chown(&inst.env_file, Some(1234), Some(2345)).unwrap();
        plan::apply(&inst, EU, None).unwrap();
        let meta = fs::metadata(&inst.env_file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (1234, 2345));
    } else {
        // Not root: famsync cannot give the file away, so the owner stays ours anyway.
        let uid = fs::metadata(&inst.env_file).unwrap().uid();
        plan::apply(&inst, EU, None).unwrap();
        assert_eq!(fs::metadata(&inst.env_file).unwrap().uid(), uid);
    }
}

#[test]
fn a_restore_diff_hides_secret_values() {
    let (_d, inst) = fixture();
    let applied = plan::apply(&inst, EU, None).unwrap();
    let text = fs::read_to_string(&inst.env_file)
        .unwrap()
        .replace("SAMPLE-not-a-real-password", "rotated-secret");
    fs::write(&inst.env_file, text).unwrap();
    let preview = famsync_core::recovery::preview_restore(&inst, applied.backup.as_deref().unwrap()).unwrap();
    let sql = preview
        .changes
        .iter()
        .find(|c| c.key.ends_with("connectionString"))
        .unwrap();
    assert!(
        sql.hidden && sql.before.is_none() && sql.after.is_none(),
        "{sql:?}"
    );
    let json = serde_json::to_string(&preview).unwrap();
    assert!(
        !json.contains("rotated-secret") && !json.contains("SAMPLE-not-a-real-password"),
        "{json}"
    );
    let region = preview
        .changes
        .iter()
        .find(|c| c.key.ends_with("cloudRegion"))
        .unwrap();
    assert_eq!(
        (region.before.as_deref(), region.after.as_deref()),
        (Some("EU"), Some("US"))
    );
}

#[test]
fn enable_refuses_without_a_valid_installation_id() {
    let (_d, inst) = fixture();
    let text = fs::read_to_string(&inst.env_file).unwrap();
    let broken: String = text
        .lines()
        .filter(|l| !l.contains("installation__id"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&inst.env_file, &broken).unwrap();
    assert!(matches!(
        plan::preview(&inst, EU),
        Err(Error::InstallationIdMissing { .. })
    ));
    assert!(matches!(
        plan::apply(&inst, EU, None),
        Err(Error::InstallationIdMissing { .. })
    ));
    // Turning it off must still work, so an owner can always back out.
    assert!(plan::apply(&inst, Action::Disable, None).is_ok());
}

/// Turns cloud communication the other way `times` times: each a real write with its backup.
fn toggle(inst: &famsync_core::Installation, times: usize) {
    for _ in 0..times {
        let on = famsync_core::status::current(inst)
            .unwrap()
            .cloud_communication
            .enabled;
        let applied = plan::apply(inst, if on { Action::Disable } else { EU }, None).unwrap();
        assert!(applied.backup.is_some());
    }
}

fn names(inst: &famsync_core::Installation) -> Vec<String> {
    famsync_core::backup::list(inst)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect()
}

#[test]
fn only_the_newest_ten_backups_are_kept() {
    let (_d, inst) = fixture();
    toggle(&inst, 9);
    assert_eq!(backups(&inst), 9, "nothing is deleted before there are ten");
    toggle(&inst, 1);
    let ten = names(&inst);
    assert_eq!(ten.len(), famsync_core::backup::KEPT);
    toggle(&inst, 3);
    let after = names(&inst);
    // The three oldest went; the seven newest of before are still there, then the three new.
    assert_eq!(after.len(), 10);
    assert_eq!(after[..7], ten[3..]);
    // Something that is not a famsync backup is never touched.
    let other = inst.env_file.with_file_name("global.override.env.mine.bak");
    fs::write(&other, "x").unwrap();
    toggle(&inst, 2);
    assert!(other.exists());
}

/// Breaks the env file at this path one way.
type Damage = fn(&Path);

/// What the window does with an installation whose status fails: the env file itself broken
/// in a way a restore mends (it then offers the backups), or not.
#[test]
fn a_broken_env_file_is_one_a_restore_mends_and_its_backups_are_offered() {
    use famsync_core::{recovery, status};
    let (_d, inst) = fixture();
    plan::apply(&inst, EU, None).unwrap();
    let backup = &famsync_core::backup::list(&inst).unwrap()[0].name;
    let cases: &[(&str, Damage)] = &[
        ("missing", |p| fs::remove_file(p).unwrap()),
        ("empty", |p| fs::write(p, "").unwrap()),
        ("binary", |p| fs::write(p, b"\0junk").unwrap()),
        ("not UTF-8", |p| fs::write(p, b"K=caf\xe9\n").unwrap()),
        #[cfg(unix)] // Windows has no FIFOs in the file system
        ("a FIFO", |p| {
            fs::remove_file(p).unwrap();
            nix::unistd::mkfifo(p, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        }),
    ];
    for (what, damage) in cases {
        damage(&inst.env_file);
        let problem = status::current(&inst).unwrap_err();
        assert!(recovery::mends(&inst, &problem), "{what}: {problem:?}");
        let broken = recovery::broken(&inst, problem).unwrap();
        assert!(broken.backups.iter().any(|b| &b.name == backup), "{what}");
        assert_eq!(broken.env_file, inst.env_file);
        recovery::restore(&inst, backup, None).unwrap();
        assert!(
            status::current(&inst).is_ok(),
            "{what}: readable after the restore"
        );
    }
    // Not the env file's own fault: a restore would not help, so the window offers none.
    let other = Error::EnvFileMissing {
        path: inst.env_file.with_file_name("elsewhere.env"),
    };
    assert!(!recovery::mends(&inst, &other));
    let denied = Error::PermissionDenied {
        path: inst.env_file.clone(),
        owner: None,
        user: None,
    };
    assert!(!recovery::mends(&inst, &denied));
}
