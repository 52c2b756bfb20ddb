//! Watching an installation so the front ends always show the truth: the env folder (not the
//! file: editors and famsync itself save by renaming a new file over it), the license folder
//! and the server's log folder. Bursts of file events become one typed event per kind after a
//! short quiet period.

use crate::error::{Error, Result};
use crate::install::Installation;
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long a folder must be quiet before its change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// A burst is reported after this long even if it goes on (a busy log must not hold back an
/// env file change).
const LONGEST_BURST: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", ts(rename = "InstallationChange"))]
pub enum Change {
    /// global.override.env was written, replaced or removed.
    EnvFile,
    /// An organization license was added, replaced or removed.
    Licenses,
    /// The server wrote to its logs (it is running, or starting).
    Logs,
}

/// Keeps the OS watches alive; changes arrive on `changes` until it is dropped.
pub struct Watch {
    _watcher: RecommendedWatcher,
    pub changes: Receiver<Change>,
}

struct Places {
    env_file: PathBuf,
    licenses: PathBuf,
    logs: PathBuf,
}

impl Places {
    fn of(inst: &Installation) -> Places {
        Places {
            env_file: inst.env_file.clone(),
            licenses: crate::licenses::folder(&inst.bwdata),
            logs: inst.bwdata.join("logs"),
        }
    }

    fn classify(&self, path: &Path) -> Option<Change> {
        if path == self.env_file {
            Some(Change::EnvFile)
        } else if path.starts_with(&self.licenses) {
            Some(Change::Licenses)
        } else if path.starts_with(&self.logs) {
            Some(Change::Logs)
        } else {
            None
        }
    }
}

/// Starts watching `inst`. Folders that do not exist (no licenses or logs yet) are skipped;
/// the env folder must exist.
pub fn watch(inst: &Installation, debounce: Duration) -> Result<Watch> {
    let places = Places::of(inst);
    let env_dir = inst.env_file.parent().unwrap_or(&inst.bwdata).to_path_buf();
    let (raw_tx, raw_rx) = mpsc::channel::<Change>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reads (opens, closes without writing) change nothing; notify's own walk of the
        // log folder would otherwise report one.
        let Ok(event) = event else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for change in event.paths.iter().filter_map(|p| places.classify(p)) {
            let _ = raw_tx.send(change);
        }
    })
    .map_err(|e| watch_error(e, &env_dir))?;
    watcher
        .watch(&env_dir, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(e, &env_dir))?;
    for (dir, mode) in [
        (crate::licenses::folder(&inst.bwdata), RecursiveMode::NonRecursive),
        (inst.bwdata.join("logs"), RecursiveMode::Recursive),
    ] {
        if dir.is_dir() {
            watcher.watch(&dir, mode).map_err(|e| watch_error(e, &dir))?;
        }
    }
    let (tx, changes) = mpsc::channel();
    std::thread::spawn(move || debounce_loop(raw_rx, tx, debounce));
    Ok(Watch {
        _watcher: watcher,
        changes,
    })
}

/// One event per kind for each burst: after the first, waits until `quiet` passes without any.
fn debounce_loop(raw: Receiver<Change>, out: Sender<Change>, quiet: Duration) {
    while let Ok(first) = raw.recv() {
        let mut burst = BTreeSet::from([first]);
        let until = Instant::now() + LONGEST_BURST;
        loop {
            let wait = quiet.min(until.saturating_duration_since(Instant::now()));
            match raw.recv_timeout(wait) {
                Ok(change) => {
                    burst.insert(change);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        for change in burst {
            if out.send(change).is_err() {
                return;
            }
        }
    }
}

fn watch_error(e: notify::Error, path: &Path) -> Error {
    match e.kind {
        notify::ErrorKind::Io(io) => Error::from_io(&io, path),
        notify::ErrorKind::PathNotFound => Error::PathMissing { path: path.into() },
        // Out of inotify watches, or another platform limit.
        _ => Error::Io {
            path: path.into(),
            kind: "WatchLimit".into(),
            os_code: None,
        },
    }
}
