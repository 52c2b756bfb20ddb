//! The window's commands: each parses its input, calls famsync-core, and returns the core's
//! result. Errors cross IPC as the core's coded errors; the UI puts them into words.

use crate::app::{data_dir, logged};
use crate::state::{Current, KeyChecks, LastChecks, Running, Watching};
use famsync_core::cloud::Clouds;
use famsync_core::follow::{self, Event as WatchEvent};
use famsync_core::plan::{self, Action, Applied, Plan};
use famsync_core::readiness::{self, Readiness};
use famsync_core::region::Region;
use famsync_core::restart::{self, Confirmation, Event, Finished};
use famsync_core::runner::{RunOptions, ScriptCommand};
use famsync_core::status::{self, StatusReport};
use famsync_core::tls::Pin;
use famsync_core::{trust, Error};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

type Result<T> = std::result::Result<T, Error>;

#[tauri::command(async)]
pub fn status(app: AppHandle, current: State<'_, Current>) -> Result<StatusReport> {
    Ok(status::with_applied(
        status::current(&current.get()?)?,
        &data_dir(&app)?,
    ))
}

#[tauri::command(async)]
pub fn preview(current: State<'_, Current>, action: Action) -> Result<Plan> {
    plan::preview(&current.get()?, action)
}

/// Writes only if the file still has the `revision` the user previewed.
#[tauri::command(async)]
pub fn apply(current: State<'_, Current>, action: Action, revision: String) -> Result<Applied> {
    logged(
        &format!("apply {action:?}"),
        plan::apply(&current.get()?, action, Some(&revision)),
    )
}

/// Puts back the backup an apply made, if the file is still as that apply left it.
#[tauri::command(async)]
pub fn undo(current: State<'_, Current>, backup: String, revision: String) -> Result<Applied> {
    logged(
        "undo",
        famsync_core::recovery::restore(&current.get()?, &backup, Some(&revision)),
    )
}

/// The read-only preflight for `region`: the cloud (real hosts, or the stand-ins that
/// FAMSYNC_CLOUD_US / _EU name, which the result marks) and the installation's server.
#[tauri::command]
pub async fn preflight(
    app: AppHandle,
    current: State<'_, Current>,
    key_checks: State<'_, KeyChecks>,
    last: State<'_, LastChecks>,
    region: Region,
) -> Result<Readiness> {
    let inst = current.get()?;
    let url = famsync_core::server::url_override();
    let r = readiness::check(
        &inst,
        region,
        &Clouds::from_env(),
        url.as_deref(),
        trust::pinned_for(&data_dir(&app)?, &inst).as_ref(),
        key_checks.get(&inst.bwdata),
    )
    .await?;
    if let Some(answer) = &r.cloud.asked {
        key_checks.set(&inst.bwdata, answer.clone());
    }
    last.set(&inst.bwdata, r.clone());
    log::info!(
        "preflight for {}: {}",
        region.code(),
        if r.passed() { "passed" } else { "not passed" }
    );
    Ok(r)
}

/// Trusts the server certificate with this fingerprint (the one the preflight showed), for the
/// open installation's server host only.
#[tauri::command(async)]
pub fn trust_certificate(app: AppHandle, current: State<'_, Current>, fingerprint: String) -> Result<Pin> {
    trust::trust(&data_dir(&app)?, &current.get()?, &fingerprint)
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
    // What runs is planned once: the same plan is checked and run.
    let apply = inst.kind.apply(&inst, command)?;
    // This window's own restart holds it.
    let cancel = running.begin().ok_or_else(|| Error::RestartInProgress {
        bwdata: inst.bwdata.clone(),
        holder: None,
    })?;
    let data = data_dir(&app)?;
    let target = restart::target(&inst, &data, famsync_core::server::url_override());
    let opts = RunOptions {
        root_consent,
        ..RunOptions::default()
    };
    let finished = restart::run_and_wait(
        &inst,
        &target,
        &data,
        (apply, opts, HEALTH_WAIT),
        &cancel,
        move |event| {
            let _ = on_event.send(event);
        },
    )
    .await;
    running.end();
    logged(&format!("{command:?}"), finished)
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
    restart::confirm_restarted(&inst, &data_dir(&app)?, famsync_core::server::url_override()).await
}

/// Follows the open installation (env file, licenses, logs) and sends each change to the page,
/// which reads the installation again: the window shows outside edits without a click. On a
/// server, a dropped connection is reported and made again; the new one becomes `Current`.
#[tauri::command]
pub fn watch_installation(
    current: State<'_, Current>,
    watching: State<'_, Watching>,
    on_event: Channel<WatchEvent>,
) -> Result<()> {
    let (inst, opening) = current.opened()?;
    let stop = watching.start();
    let current = current.inner().clone();
    std::thread::spawn(move || {
        let send = |e: WatchEvent| on_event.send(e).is_ok();
        let reopened = |i: &famsync_core::Installation| current.renew(opening, i.clone());
        follow::follow(inst, &stop, follow::RETRY, send, reopened);
    });
    Ok(())
}
