//! The watcher on real folders and real inotify: saves by rename are seen, other files in the
//! env folder are not the env file, bursts become one event, a busy log (in its project folder,
//! `logs/api/Api`, as the server writes it) does not hold back an
//! env change, and famsync's own apply is seen like anyone else's write.

use famsync_core::install::{self, Installation};
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::watch::{self, Change, DEBOUNCE};
use std::fs;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

#[path = "support/fixture.rs"]
mod fixture;

const SOON: Duration = Duration::from_secs(2);
const QUIET: Duration = Duration::from_millis(400);

fn installation() -> (tempfile::TempDir, Installation) {
    let dir = fixture::copy("us");
    fs::create_dir_all(dir.path().join("bwdata/logs/api/Api")).unwrap();
    let inst = install::open(&dir.path().join("bwdata")).unwrap();
    (dir, inst)
}

/// Every change that arrives until the watcher has been quiet for QUIET.
fn changes(w: &watch::Watch) -> Vec<Change> {
    let mut out = Vec::new();
    loop {
        match w.changes.recv_timeout(QUIET) {
            Ok(c) => out.push(c),
            Err(RecvTimeoutError::Timeout) => return out,
            Err(RecvTimeoutError::Disconnected) => panic!("the watcher stopped"),
        }
    }
}

/// What an editor does: write a new file beside it, then rename it over the old one.
fn save_by_rename(inst: &Installation, text: &str) {
    let temp = inst.env_file.with_file_name("global.override.env.swp");
    fs::write(&temp, text).unwrap();
    fs::rename(&temp, &inst.env_file).unwrap();
}

#[test]
fn a_save_by_rename_is_one_env_change() {
    let (_dir, inst) = installation();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    let text =
        fs::read_to_string(&inst.env_file).unwrap() + "globalSettings__enableCloudCommunication=false\n";
    save_by_rename(&inst, &text);
    assert_eq!(changes(&w), [Change::EnvFile]);
}

#[test]
fn other_files_in_the_env_folder_are_not_the_env_file() {
    let (_dir, inst) = installation();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    fs::write(inst.env_file.with_file_name("uid.env"), "LOCAL_UID=1000\n").unwrap();
    assert_eq!(changes(&w), []);
}

#[test]
fn a_burst_of_writes_is_one_event() {
    let (_dir, inst) = installation();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    for i in 0..20 {
        fs::write(&inst.env_file, format!("globalSettings__x={i}\n")).unwrap();
    }
    assert_eq!(changes(&w), [Change::EnvFile]);
}

#[cfg(unix)] // Wine misses the second write now and then (tests/not-on-windows.txt)
#[test]
fn licenses_and_logs_are_told_apart() {
    let (_dir, inst) = installation();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    fs::write(inst.bwdata.join("core/licenses/organization/new.json"), "{}").unwrap();
    assert_eq!(changes(&w), [Change::Licenses]);
    fs::write(inst.bwdata.join("logs/api/Api/20261129.txt"), "started\n").unwrap();
    assert_eq!(changes(&w), [Change::Logs]);
}

#[test]
fn a_busy_log_does_not_hold_back_an_env_change() {
    let (_dir, inst) = installation();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    let log = inst.bwdata.join("logs/api/Api/20261129.txt");
    let writer = std::thread::spawn(move || {
        for i in 0..150 {
            fs::write(&log, format!("line {i}\n")).unwrap();
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    std::thread::sleep(Duration::from_millis(100));
    let written = Instant::now();
    save_by_rename(&inst, "globalSettings__enableCloudCommunication=true\n");
    loop {
        let c = w
            .changes
            .recv_timeout(SOON)
            .expect("no env change while the log was busy");
        if c == Change::EnvFile {
            break;
        }
    }
    assert!(
        written.elapsed() < Duration::from_secs(1),
        "{:?}",
        written.elapsed()
    );
    writer.join().unwrap();
}

#[test]
fn famsyncs_own_apply_is_seen() {
    let (_dir, inst) = installation();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    let action = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    plan::apply(&inst, action, None).unwrap();
    assert_eq!(changes(&w), [Change::EnvFile]);
}
