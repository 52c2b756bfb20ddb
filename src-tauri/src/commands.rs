//! The window's commands: each parses its input, calls famsync-core, and returns the core's
//! result. Errors cross IPC as the core's coded errors; the UI puts them into words.

use crate::state::{Current, KeyChecks, Running, Watching};
use famsync_core::cloud::Clouds;
use famsync_core::plan::{self, Action, Applied, Plan};
use famsync_core::readiness::{self, Readiness};
use famsync_core::region::Region;
use famsync_core::restart::{self, Confirmation, Event, Finished};
use famsync_core::runner::{RunOptions, ScriptCommand};
use famsync_core::status::{self, StatusReport};
use famsync_core::tls::Pin;
use famsync_core::watch::{self, Change};
use famsync_core::{install, sample, trust, Error, Installation};
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

type Result<T> = std::result::Result<T, Error>;

fn data_dir(app: &AppHandle) -> PathBuf {
    app.path()
        .app_data_dir()
        .unwrap_or_else(|_| std::env::temp_dir().join("famsync"))
}

fn open_and_report(app: &AppHandle, current: &Current, mut inst: Installation) -> Result<StatusReport> {
    inst.sample = sample::is_sample(&inst, &data_dir(app));
    let report = status::with_applied(status::current(&inst)?, &data_dir(app));
    crate::memory::set_last_installation(app, &inst.bwdata);
    current.set(inst);
    Ok(report)
}

/// Startup: FAMSYNC_BWDATA, else the installation opened last time, else the usual places.
/// `no_installation_found` lets the UI offer the sample.
#[tauri::command]
pub fn locate(app: AppHandle, current: State<'_, Current>) -> Result<StatusReport> {
    let last = crate::memory::last_installation(&app).and_then(|p| install::open(&p).ok());
    let inst = match (std::env::var_os("FAMSYNC_BWDATA"), last) {
        (Some(path), _) => install::open(&PathBuf::from(path))?,
        (None, Some(inst)) => inst,
        (None, None) => {
            let home = std::env::var_os("HOME").map(PathBuf::from);
            let cwd = std::env::current_dir().ok();
            install::discover(&install::default_candidates(home.as_deref(), cwd.as_deref()))?
        }
    };
    open_and_report(&app, &current, inst)
}

#[tauri::command]
pub fn open_installation(app: AppHandle, current: State<'_, Current>, path: String) -> Result<StatusReport> {
    let inst = install::open(&PathBuf::from(path.trim()))?;
    open_and_report(&app, &current, inst)
}

#[tauri::command]
pub fn open_sample(app: AppHandle, current: State<'_, Current>, reset: bool) -> Result<StatusReport> {
    let inst = sample::open(&data_dir(&app), reset)?;
    open_and_report(&app, &current, inst)
}

#[tauri::command]
pub fn status(app: AppHandle, current: State<'_, Current>) -> Result<StatusReport> {
    Ok(status::with_applied(
        status::current(&current.get()?)?,
        &data_dir(&app),
    ))
}

#[tauri::command]
pub fn preview(current: State<'_, Current>, action: Action) -> Result<Plan> {
    plan::preview(&current.get()?, action)
}

/// Writes only if the file still has the `revision` the user previewed.
#[tauri::command]
pub fn apply(current: State<'_, Current>, action: Action, revision: String) -> Result<Applied> {
    plan::apply(&current.get()?, action, Some(&revision))
}

/// Puts back the backup an apply made, if the file is still as that apply left it.
#[tauri::command]
pub fn undo(current: State<'_, Current>, backup: String, revision: String) -> Result<Applied> {
    plan::restore(&current.get()?, &backup, Some(&revision))
}

/// The read-only preflight for `region`: the cloud (real hosts, or the stand-ins that
/// FAMSYNC_CLOUD_US / _EU name, which the result marks) and the installation's server.
#[tauri::command]
pub async fn preflight(
    app: AppHandle,
    current: State<'_, Current>,
    key_checks: State<'_, KeyChecks>,
    region: Region,
) -> Result<Readiness> {
    let inst = current.get()?;
    let url = famsync_core::server::url_override();
    let r = readiness::check(
        &inst,
        region,
        &Clouds::from_env(),
        url.as_deref(),
        trust::pinned_for(&data_dir(&app), &inst).as_ref(),
        key_checks.last(&inst.bwdata),
    )
    .await?;
    if r.key_checked {
        key_checks.remember(&inst.bwdata);
    }
    Ok(r)
}

/// Trusts the server certificate with this fingerprint (the one the preflight showed), for the
/// open installation's server host only.
#[tauri::command]
pub fn trust_certificate(app: AppHandle, current: State<'_, Current>, fingerprint: String) -> Result<Pin> {
    trust::trust(&data_dir(&app), &current.get()?, &fingerprint)
}

/// Step 2: bitwarden.sh restart (or start), every line to `on_event` as it comes, then the wait
/// for the server. `root_consent`: the owner agreed that famsync answers the script's root
/// question (asked only when famsync runs as root).
#[tauri::command]
pub async fn restart(
    app: AppHandle,
    current: State<'_, Current>,
    running: State<'_, Running>,
    command: ScriptCommand,
    root_consent: bool,
    on_event: Channel<Event>,
) -> Result<Finished> {
    let inst = current.get()?;
    let cancel = running.begin().ok_or_else(|| Error::RestartInProgress {
        bwdata: inst.bwdata.clone(),
    })?;
    let data = data_dir(&app);
    let target = restart::target(&inst, &data, famsync_core::server::url_override());
    let opts = RunOptions {
        root_consent,
        ..RunOptions::default()
    };
    let finished = restart::run_and_wait(
        &inst,
        &target,
        &data,
        (command, opts, HEALTH_WAIT),
        &cancel,
        move |event| {
            let _ = on_event.send(event);
        },
    )
    .await;
    running.end();
    finished
}

/// How long step 2 waits for the server after bitwarden.sh reported success.
const HEALTH_WAIT: std::time::Duration = std::time::Duration::from_secs(180);

#[tauri::command]
pub fn cancel_restart(running: State<'_, Running>) {
    running.cancel();
}

/// "I restarted it myself": believed only when the server answers in the file's region.
#[tauri::command]
pub async fn confirm_restarted(app: AppHandle, current: State<'_, Current>) -> Result<Confirmation> {
    let inst = current.get()?;
    restart::confirm_restarted(&inst, &data_dir(&app), famsync_core::server::url_override()).await
}

/// Watches the open installation (env file, licenses, logs) and sends each change to the page,
/// which reads the installation again: the window shows outside edits without a click.
#[tauri::command]
pub fn watch_installation(
    current: State<'_, Current>,
    watching: State<'_, Watching>,
    on_change: Channel<Change>,
) -> Result<()> {
    let w = watch::watch(&current.get()?, watch::DEBOUNCE)?;
    let stop = watching.start();
    std::thread::spawn(move || {
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            match w.changes.recv_timeout(std::time::Duration::from_millis(200)) {
                Ok(change) if on_change.send(change).is_err() => break,
                Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        // Naming the whole Watch here moves it into this thread: a closure that used only
        // `w.changes` would drop the OS watcher when the command returns.
        drop(w);
    });
    Ok(())
}
