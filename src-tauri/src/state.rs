//! The installation the window is working on. Commands act only on this one, so the page can
//! never name an arbitrary path to edit.

use famsync_core::{Error, Installation};
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(Default)]
pub struct Current(Mutex<Option<Installation>>);

impl Current {
    pub fn set(&self, inst: Installation) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(inst);
    }

    /// The open installation; before one is opened, the same error as an empty discovery.
    pub fn get(&self) -> Result<Installation, Error> {
        let guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        guard.clone().ok_or(Error::NoInstallationFound {
            searched: Vec::<PathBuf>::new(),
        })
    }
}

/// When the window last sent each installation's key to the cloud: at most once a minute.
#[derive(Default)]
pub struct KeyChecks(Mutex<std::collections::HashMap<PathBuf, std::time::SystemTime>>);

impl KeyChecks {
    pub fn last(&self, bwdata: &std::path::Path) -> Option<std::time::SystemTime> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(bwdata)
            .copied()
    }

    pub fn remember(&self, bwdata: &std::path::Path) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(bwdata.into(), std::time::SystemTime::now());
    }
}

/// The restart running now, if any, and how to cancel it: one at a time.
#[derive(Default)]
pub struct Running(Mutex<Option<famsync_core::runner::Cancel>>);

impl Running {
    /// A cancel handle for a new run, or None when one is already running.
    pub fn begin(&self) -> Option<famsync_core::runner::Cancel> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return None;
        }
        let cancel = famsync_core::runner::Cancel::default();
        *slot = Some(cancel.clone());
        Some(cancel)
    }

    pub fn end(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn cancel(&self) {
        if let Some(c) = self.0.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            c.cancel();
        }
    }
}

/// The watcher of the open installation: opening another one stops the old one.
#[derive(Default)]
pub struct Watching(Mutex<Option<std::sync::Arc<std::sync::atomic::AtomicBool>>>);

impl Watching {
    /// A stop flag for a new watcher; the previous one is told to stop.
    pub fn start(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(old) = slot.replace(flag.clone()) {
            old.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        flag
    }
}
