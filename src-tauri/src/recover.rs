//! Putting a backup back from the window: the open installation's backups, what a restore
//! would change, and the restore itself (famsync_core::recovery). It works on an installation
//! opened with a broken env file too (open.rs keeps it, marked): that is when it is needed.

use crate::app::{blocking, logged};
use crate::state::Current;
use famsync_core::backup::{self, Backup};
use famsync_core::plan::{Applied, Plan};
use famsync_core::recovery::{self, Broken};
use famsync_core::{status, Error};
use tauri::State;

type Result<T> = std::result::Result<T, Error>;

/// The open installation's env file problem and its backups, when it was opened broken and
/// still is (read again: the owner may have mended it meanwhile); else None.
#[tauri::command]
pub async fn broken(current: State<'_, Current>) -> Result<Option<Broken>> {
    let current = current.inner().clone();
    blocking(move || {
        let (inst, true) = current.get_broken()? else {
            return Ok(None);
        };
        match status::current(&inst) {
            Err(problem) if recovery::mends(&inst, &problem) => recovery::broken(&inst, problem).map(Some),
            _ => Ok(None),
        }
    })
    .await
}

/// The open installation's backups, oldest first.
#[tauri::command]
pub async fn backups(current: State<'_, Current>) -> Result<Vec<Backup>> {
    let current = current.inner().clone();
    blocking(move || backup::list(&current.get()?)).await
}

#[tauri::command]
pub async fn preview_restore(current: State<'_, Current>, name: String) -> Result<Plan> {
    let current = current.inner().clone();
    blocking(move || recovery::preview_restore(&current.get()?, &name)).await
}

/// Puts backup `name` back if the env file still has the `revision` previewed: a broken
/// installation is then open as any other (the window reads its status next).
#[tauri::command]
pub async fn restore(current: State<'_, Current>, name: String, revision: String) -> Result<Applied> {
    let current = current.inner().clone();
    blocking(move || {
        let inst = current.get()?;
        let applied = logged(
            &format!("restore {name}"),
            recovery::restore(&inst, &name, Some(&revision)),
        )?;
        current.set(inst);
        Ok(applied)
    })
    .await
}
