//! The newest ten backups are kept, by when famsync made them: backups named from a clock
//! that was ahead are the oldest, whatever their names say; a folder named like a backup is
//! no backup; famsync writing from several threads at once still leaves exactly ten, the
//! newest made.

use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::{backup, install, Error, Installation};
use std::fs;
use std::path::Path;
use std::sync::Mutex;

fn installation() -> (tempfile::TempDir, Installation) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/bwdata");
    let bw = dir.path().join("bwdata");
    fs::create_dir_all(bw.join("env")).unwrap();
    fs::copy(src.join("config.yml"), bw.join("config.yml")).unwrap();
    fs::copy(
        src.join("env/global.override.env"),
        bw.join("env/global.override.env"),
    )
    .unwrap();
    (dir, install::open(&bw).unwrap())
}

const EU: Action = Action::Enable {
    region: Region::Eu,
    push_relay: false,
};

fn toggle(inst: &Installation, i: usize) -> String {
    let action = if i.is_multiple_of(2) { EU } else { Action::Disable };
    plan::apply(inst, action, None).unwrap().backup.unwrap()
}

fn names(inst: &Installation) -> Vec<String> {
    backup::list(inst).unwrap().into_iter().map(|b| b.name).collect()
}

#[test]
fn backups_from_a_clock_that_was_ahead_are_pruned_first() {
    let (_dir, inst) = installation();
    let env = inst.env_file.parent().unwrap();
    let ahead: Vec<String> = (0..10)
        .map(|i| format!("global.override.env.famsync-20991231T0000{i:02}Z.bak"))
        .collect();
    for name in &ahead {
        fs::write(env.join(name), "old").unwrap();
    }
    let made: Vec<String> = (0..12).map(|i| toggle(&inst, i)).collect();
    // The last ten made are kept; every backup from the clock that was ahead is gone.
    assert_eq!(names(&inst), made[2..].to_vec());
}

#[test]
fn a_folder_named_like_a_backup_is_not_one() {
    let (_dir, inst) = installation();
    let env = inst.env_file.parent().unwrap();
    let folder = env.join("global.override.env.famsync-20260101T000000Z.bak");
    fs::create_dir(&folder).unwrap();
    let made: Vec<String> = (0..11).map(|i| toggle(&inst, i)).collect();
    assert_eq!(names(&inst), made[1..].to_vec());
    assert!(folder.is_dir(), "famsync leaves what is not its own");
    let err = famsync_core::recovery::preview_restore(&inst, folder.file_name().unwrap().to_str().unwrap());
    assert!(matches!(err, Err(Error::BackupNotFound { .. })), "{err:?}");
}

#[test]
fn writers_at_the_same_time_leave_the_newest_ten() {
    let (_dir, inst) = installation();
    let made = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for t in 0..4 {
            let (inst, made) = (&inst, &made);
            s.spawn(move || {
                for i in 0..15 {
                    let action = if (t + i) % 2 == 0 { EU } else { Action::Disable };
                    loop {
                        match plan::apply(inst, action, None) {
                            Ok(a) => {
                                if let Some(b) = a.backup {
                                    made.lock().unwrap().push(b);
                                }
                                break;
                            }
                            // Another thread wrote in between: read again, as an owner would.
                            Err(Error::EnvFileChanged { .. }) => continue,
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
            });
        }
    });
    let mut made = made.into_inner().unwrap();
    made.sort_by_key(|n| order(n));
    let kept = names(&inst);
    assert_eq!(kept.len(), backup::KEPT, "{kept:?}");
    // One clock, and counters within a second: the order backups were made in.
    assert_eq!(kept, made[made.len() - backup::KEPT..].to_vec());
}

/// `…famsync-<stamp>[-<counter>].bak` → (stamp, counter).
fn order(name: &str) -> (String, u32) {
    let middle = name.split("famsync-").nth(1).unwrap().trim_end_matches(".bak");
    match middle.split_once('-') {
        Some((stamp, n)) => (stamp.to_string(), n.parse().unwrap()),
        None => (middle.to_string(), 1),
    }
}
