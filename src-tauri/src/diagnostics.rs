//! Today's server logs, the diagnostics report for a support ticket, and famsync's own log
//! (tauri-plugin-log writes it to the app's log folder; nothing secret is ever logged).

use crate::app::blocking;
use crate::state::{Current, LastChecks};
use famsync_core::report::{self, Extras};
use famsync_core::serverlog::{self, LogScan};
use famsync_core::Error;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, State};

type Result<T> = std::result::Result<T, Error>;

/// The log file's name in the app's log folder (famsync.log).
pub const LOG_NAME: &str = "famsync";

/// The app's log folder; as data_dir, never a shared one.
pub fn log_dir(app: &AppHandle) -> Result<PathBuf> {
    famsync_core::own_folder::choose_here(app.path().app_log_dir().ok(), "famsync-logs")
}

#[tauri::command]
pub async fn server_log(current: State<'_, Current>) -> Result<LogScan> {
    let inst = current.get()?;
    Ok(blocking(move || serverlog::scan(&inst, serverlog::server_today())).await)
}

#[derive(Serialize)]
pub struct Written {
    #[serde(serialize_with = "famsync_core::lossy::path")]
    pub path: PathBuf,
    pub text: String,
}

/// The report of the open installation, with the last checks and the progress the window
/// has, saved (0600) in the log folder beside famsync's own log.
#[tauri::command]
pub async fn create_report(
    app: AppHandle,
    current: State<'_, Current>,
    last: State<'_, LastChecks>,
) -> Result<Written> {
    let inst = current.get()?;
    let progress = crate::steps::progress(app.clone(), current.clone())
        .await
        .ok()
        .and_then(|v| serde_json::to_value(v).ok());
    let extras = Extras {
        famsync_version: env!("CARGO_PKG_VERSION"),
        generated: chrono::Utc::now().to_rfc3339(),
        front_end: "desktop",
        readiness: last.get(&inst.bwdata),
        progress,
        own_log: report::own_log(&log_dir(&app)?.join(format!("{LOG_NAME}.log"))),
    };
    let of = inst.clone();
    let text = blocking(move || report::build(&of, serverlog::server_today(), extras)).await;
    let dir = log_dir(&app)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::from_io(&e, &dir))?;
    let path = save_new(&inst, &dir, &text)?;
    log::info!("diagnostics report written to {}", path.display());
    Ok(Written { path, text })
}

/// Shows the log folder (famsync.log and the reports) in the file manager.
#[tauri::command]
pub fn open_log_folder(app: AppHandle) -> Result<PathBuf> {
    let dir = log_dir(&app)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::from_io(&e, &dir))?;
    crate::app::open_outside(&dir, dir.clone())?;
    Ok(dir)
}

/// Saves the report under a new name in `dir` (a second report in the same second gets a
/// counter): never over an earlier report, atomically, 0600.
fn save_new(inst: &famsync_core::Installation, dir: &Path, text: &str) -> Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut n = 1;
    loop {
        let counter = if n == 1 { String::new() } else { format!("-{n}") };
        let path = dir.join(format!("famsync-report-{stamp}{counter}.json"));
        match report::save(inst, &path, text, report::Existing::Refuse) {
            Err(Error::OutputExists { .. }) if n < 100 => n += 1,
            other => return other.map(|()| path),
        }
    }
}
