//! Watching an installation so the front ends always show the truth: the env folder (not the
//! file: editors and famsync itself save by renaming a new file over it), the license folder
//! and the server's log folder. Bursts of file events become one typed event per kind after a
//! short quiet period. On a server over SSH, the helper there runs inotifywait when the server
//! has it, else looks every 2 s; the watch ends (`changes` disconnects) if the connection drops.

use crate::error::{Error, Result};
use crate::host::Host;
use crate::install::Installation;
use crate::remote::Session;
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

/// How often the helper looks on a server without inotifywait.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// How changes are seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The OS's own notifications, on this machine.
    Notify,
    /// inotifywait on the server.
    Inotifywait,
    /// A look every POLL_INTERVAL on the server.
    Polling,
}

/// Keeps the watches alive; changes arrive on `changes` until it is dropped.
pub struct Watch {
    _source: Source,
    pub method: Method,
    pub changes: Receiver<Change>,
}

enum Source {
    Notify {
        _watcher: RecommendedWatcher,
    },
    /// ssh running the helper's watch; stopping it ends the watch on the server too.
    Ssh(std::process::Child),
}

impl Drop for Source {
    fn drop(&mut self) {
        if let Source::Ssh(child) = self {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
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
    match &inst.host {
        Host::Local => watch_here(inst, debounce),
        Host::Ssh(session) => watch_server(session, inst, debounce, false),
    }
}

/// Watches an installation on a server; `poll` looks every POLL_INTERVAL even where
/// inotifywait is there.
pub fn watch_server(session: &Session, inst: &Installation, debounce: Duration, poll: bool) -> Result<Watch> {
    let places = Places::of(inst);
    let how = if poll { "poll" } else { "auto" };
    let interval = POLL_INTERVAL.as_secs().to_string();
    // The settings file below the installation's folder: env/global.override.env, or lite's
    // settings.env.
    let settings = inst.env_file.strip_prefix(&inst.bwdata).unwrap_or(&inst.env_file);
    // Its stdin is held open for the watch: its end is the helper's signal to stop.
    let args = [
        inst.bwdata.as_os_str(),
        how.as_ref(),
        interval.as_ref(),
        settings.as_os_str(),
    ];
    let mut child = session.spawn_helper("watch", &args, |c| {
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
    })?;
    crate::remote::discard_stderr(&mut child);
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(
        child.stdout.take().ok_or_else(|| session.lost())?,
    ));
    let method = match lines.next() {
        Some(Ok(l)) if l == "inotifywait" => Method::Inotifywait,
        Some(Ok(l)) if l == "polling" => Method::Polling,
        _ => return Err(session.lost()),
    };
    // Watching from "ready" on: what changed before it, the caller reads anyway.
    if !lines.by_ref().map_while(|l| l.ok()).any(|l| l == "ready") {
        return Err(session.lost());
    }
    let (raw_tx, raw_rx) = mpsc::channel::<Change>();
    let bwdata = inst.bwdata.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(|l| l.ok()) {
            if let Some(change) = places.classify(&bwdata.join(line.trim_end_matches('/'))) {
                if raw_tx.send(change).is_err() {
                    return;
                }
            }
        }
    });
    Ok(debounced(Source::Ssh(child), method, raw_rx, debounce))
}

fn debounced(source: Source, method: Method, raw: Receiver<Change>, debounce: Duration) -> Watch {
    let (tx, changes) = mpsc::channel();
    std::thread::spawn(move || debounce_loop(raw, tx, debounce));
    Watch {
        _source: source,
        method,
        changes,
    }
}

fn watch_here(inst: &Installation, debounce: Duration) -> Result<Watch> {
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
    Ok(debounced(
        Source::Notify { _watcher: watcher },
        Method::Notify,
        raw_rx,
        debounce,
    ))
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
