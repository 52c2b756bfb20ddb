//! Linux and macOS: famsync_core::single_instance, claimed first thing in `main`, so a second
//! launch hands over before it opens a display; served once the app exists.

use famsync_core::single_instance::{self, Claim};
use std::fs::File;
use std::sync::mpsc::Receiver;
use tauri::{AppHandle, Builder, Wry};

pub enum Instance {
    /// The only famsync: each message is a later launch asking for the window.
    Only { wakes: Receiver<()>, lock: File },
    /// famsync could not tell (no private runtime folder, or the running famsync did not
    /// answer): it runs as if alone, and says why in its log.
    Unknown(String),
}

/// This launch's claim on the window; `None` when another famsync has it and has been asked to
/// come forward, so this one should exit.
pub fn claim() -> Option<Instance> {
    // The user's own folder (ours, 0700, emptied at logout): never a folder others could write.
    let Ok(dir) = famsync_core::own_folder::choose_here(None, "famsync") else {
        return Some(Instance::Unknown(
            "no private runtime folder (XDG_RUNTIME_DIR, or TMPDIR on macOS)".into(),
        ));
    };
    match single_instance::claim(&dir) {
        Ok(Claim::First { wakes, lock }) => Some(Instance::Only { wakes, lock }),
        Ok(Claim::HandedOver) => None,
        Err(e) => Some(Instance::Unknown(e.to_string())),
    }
}

impl Instance {
    /// Nothing to add: the claim was made before the app.
    pub fn register(&self, builder: Builder<Wry>) -> Builder<Wry> {
        builder
    }

    /// Brings the window forward at each later launch, for as long as famsync runs.
    pub fn serve(self, app: &AppHandle) {
        match self {
            Instance::Only { wakes, lock } => {
                let app = app.clone();
                std::thread::spawn(move || {
                    let _held = lock;
                    for () in wakes {
                        super::focus_main(&app);
                    }
                });
            }
            Instance::Unknown(why) => log::warn!("a second launch cannot find this window: {why}"),
        }
    }
}
