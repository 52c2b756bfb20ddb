//! The installation the window is working on. Commands act only on this one, so the page can
//! never name an arbitrary path to edit.

use famsync_core::{Error, Installation};
use std::path::PathBuf;
use std::sync::Mutex;

/// Shared with the watcher's thread, which puts in the installation of a new connection.
#[derive(Default, Clone)]
pub struct Current(std::sync::Arc<Mutex<Slot>>);

#[derive(Default)]
struct Slot {
    inst: Option<Installation>,
    /// Whether it was opened with an env file a restore mends (recover.rs).
    broken: bool,
    /// Counts openings, so a watcher of an earlier one cannot put its installation back.
    opening: u64,
}

impl Current {
    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set(&self, inst: Installation) {
        self.set_as(inst, false);
    }

    /// An installation whose env file is broken: the one a restore works on.
    pub fn set_broken(&self, inst: Installation) {
        self.set_as(inst, true);
    }

    fn set_as(&self, inst: Installation, broken: bool) {
        let mut slot = self.slot();
        slot.inst = Some(inst);
        slot.broken = broken;
        slot.opening += 1;
    }

    /// The open installation, and whether it was opened with a broken env file.
    pub fn get_broken(&self) -> Result<(Installation, bool), Error> {
        let slot = self.slot();
        let (inst, _) = Self::of(&slot)?;
        Ok((inst, slot.broken))
    }

    /// The open installation; before one is opened, the same error as an empty discovery.
    pub fn get(&self) -> Result<Installation, Error> {
        self.opened().map(|(inst, _)| inst)
    }

    /// The open installation and which opening it is (for `renew`).
    pub fn opened(&self) -> Result<(Installation, u64), Error> {
        Self::of(&self.slot())
    }

    fn of(slot: &Slot) -> Result<(Installation, u64), Error> {
        let inst = slot.inst.clone().ok_or(Error::NoInstallationFound {
            searched: Vec::<PathBuf>::new(),
        })?;
        Ok((inst, slot.opening))
    }

    /// The same installation through a new connection, unless another was opened meanwhile.
    pub fn renew(&self, opening: u64, inst: Installation) {
        let mut slot = self.slot();
        if slot.opening == opening {
            slot.inst = Some(inst);
        }
    }
}

/// A value kept per installation (by its bwdata folder) while the app runs.
pub struct PerInstallation<T>(Mutex<std::collections::HashMap<PathBuf, T>>);

impl<T> Default for PerInstallation<T> {
    fn default() -> Self {
        PerInstallation(Mutex::default())
    }
}

impl<T: Clone> PerInstallation<T> {
    pub fn get(&self, bwdata: &std::path::Path) -> Option<T> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(bwdata)
            .cloned()
    }

    pub fn set(&self, bwdata: &std::path::Path, value: T) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(bwdata.into(), value);
    }
}

/// The cloud's last answer about each installation's key (keycheck.rs).
pub type KeyChecks = PerInstallation<famsync_core::keycheck::KeyCheck>;
/// The last preflight of each installation, for the diagnostics report.
pub type LastChecks = PerInstallation<famsync_core::readiness::Readiness>;

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
