//! Step 0: which installation the window works on, on this computer or on a server over SSH,
//! and the list of installations opened before to switch between. Opening one makes it the
//! `Current` one and puts it first in that list.

use crate::app::{blocking, data_dir};
use crate::askpass::Prompts;
use crate::memory;
use crate::state::Current;
use famsync_core::places::Place;
use famsync_core::remote::askpass::Question;
use famsync_core::remote::{self, ServerForm, Session, SshOptions};
use famsync_core::status::{self, StatusReport};
use famsync_core::{install, recovery, sample, Error, Host, Installation};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

type Result<T> = std::result::Result<T, Error>;

/// famsync's own known_hosts (keys the owner accepted here) and FAMSYNC_SSH_CONFIG instead of
/// ~/.ssh/config when set. ssh runs without a terminal: passphrases and passwords it needs are
/// asked in the window (askpass).
fn ssh_options(app: &AppHandle, identity: Option<PathBuf>) -> Result<SshOptions> {
    Ok(SshOptions {
        known_hosts: data_dir(app)?.join("known_hosts"),
        config: std::env::var_os("FAMSYNC_SSH_CONFIG").map(PathBuf::from),
        interactive: false,
        identity,
        askpass: app.state::<Prompts>().askpass(),
        link: Default::default(),
        waits: Default::default(),
    })
}

/// An installation whose env file is broken in a way a restore mends is still opened, marked
/// so: the window then offers its backups (recover.rs) instead of a status.
fn report_and_keep(
    app: &AppHandle,
    current: &Current,
    mut inst: Installation,
    identity: Option<PathBuf>,
) -> Result<StatusReport> {
    inst.sample = inst.host == Host::Local && sample::is_sample(&inst, &data_dir(app)?);
    let report = match status::current(&inst) {
        Ok(report) => status::with_applied(report, &data_dir(app)?),
        Err(e) if recovery::mends(&inst, &e) => {
            log::warn!(
                "opened {} with a broken env file ({})",
                inst.bwdata.display(),
                e.code()
            );
            current.set_broken(inst);
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    memory::remember_place(app, Place::seen(&report.installation, identity));
    log::info!(
        "opened {} on {}",
        inst.bwdata.display(),
        inst.host.name().unwrap_or("this computer")
    );
    current.set(inst);
    Ok(report)
}

fn connect(app: &AppHandle, target: &str, identity: Option<PathBuf>) -> Result<Host> {
    let session = Session::connect(target, &ssh_options(app, identity)?)?;
    Ok(Host::Ssh(Arc::new(session)))
}

/// Opens a place: a local folder, or a folder on a server (None: looked for there).
fn open_place_blocking(
    app: &AppHandle,
    current: &Current,
    host: Option<&str>,
    identity: Option<PathBuf>,
    bwdata: Option<&Path>,
) -> Result<StatusReport> {
    let on = match host {
        Some(target) => connect(app, target, identity.clone())?,
        None => Host::Local,
    };
    let inst = install::open_on(&on, bwdata)?;
    report_and_keep(app, current, inst, identity)
}

/// `open_place_blocking` off the async workers (ssh and discovery block).
async fn open_off_main(
    app: AppHandle,
    current: &Current,
    host: Option<String>,
    identity: Option<PathBuf>,
    bwdata: Option<PathBuf>,
) -> Result<StatusReport> {
    let current = current.clone();
    blocking(move || open_place_blocking(&app, &current, host.as_deref(), identity, bwdata.as_deref())).await
}

/// Startup: FAMSYNC_BWDATA, else the installation opened last time, else the usual places on
/// this computer. `no_installation_found` lets the UI offer the sample. ssh's questions go to
/// `on_question` from here on.
#[tauri::command]
pub async fn locate(
    app: AppHandle,
    current: State<'_, Current>,
    prompts: State<'_, Prompts>,
    on_question: Channel<Question>,
) -> Result<StatusReport> {
    prompts.listen(on_question);
    if let Some(path) = std::env::var_os("FAMSYNC_BWDATA") {
        return open_off_main(app, &current, None, None, Some(path.into())).await;
    }
    match memory::places(&app).into_iter().next() {
        Some(p) => open_off_main(app, &current, p.host, p.identity, Some(p.bwdata)).await,
        None => open_off_main(app, &current, None, None, None).await,
    }
}

#[tauri::command]
pub async fn open_installation(
    app: AppHandle,
    current: State<'_, Current>,
    path: String,
) -> Result<StatusReport> {
    open_off_main(app, &current, None, None, Some(path.trim().into())).await
}

/// "A server over SSH": the form checked, then connected. An unknown host key comes back as
/// `ssh_host_key_unknown` with its fingerprint, for the owner to compare and accept.
#[tauri::command]
pub async fn open_server(
    app: AppHandle,
    current: State<'_, Current>,
    form: ServerForm,
) -> Result<StatusReport> {
    let (target, identity) = (form.target()?, form.identity()?);
    open_off_main(app, &current, Some(target), identity, form.bwdata()).await
}

/// One of the installations opened before.
#[tauri::command]
pub async fn open_place(app: AppHandle, current: State<'_, Current>, place: Place) -> Result<StatusReport> {
    open_off_main(app, &current, place.host, place.identity, Some(place.bwdata)).await
}

#[tauri::command]
pub fn places(app: AppHandle) -> Vec<Place> {
    memory::places(&app)
}

#[tauri::command]
pub fn forget_place(app: AppHandle, place: Place) -> Vec<Place> {
    memory::forget_place(&app, &place)
}

/// The owner compared the fingerprint and accepts it: recorded only if the server still
/// presents that key.
#[tauri::command]
pub async fn accept_host_key(app: AppHandle, form: ServerForm, fingerprint: String) -> Result<()> {
    let target = form.target()?;
    let opts = ssh_options(&app, form.identity()?)?;
    blocking(move || remote::accept_host_key(&target, &fingerprint, &opts)).await
}

/// Connects again to the open installation's server (after a drop that watching could not
/// mend), and reads it again.
#[tauri::command]
pub async fn reconnect(app: AppHandle, current: State<'_, Current>) -> Result<StatusReport> {
    let current = current.inner().clone();
    blocking(move || {
        let inst = install::reopen(&current.get()?)?;
        let report = status::with_applied(status::current(&inst)?, &data_dir(&app)?);
        current.set(inst);
        Ok(report)
    })
    .await
}

#[tauri::command]
pub fn open_sample(app: AppHandle, current: State<'_, Current>, reset: bool) -> Result<StatusReport> {
    let inst = sample::open(&data_dir(&app)?, reset)?;
    report_and_keep(&app, &current, inst, None)
}
