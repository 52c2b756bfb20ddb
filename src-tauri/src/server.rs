//! Steps 4 and 5 done by famsync through the server's own API, for the window: signing in
//! with the owner's personal API key (kept in the keyring, or only in memory "for now"),
//! saving the token on the server, syncing the license, and the server's own word. The work
//! is famsync-core's; here each command runs it off the async workers (the keyring client is
//! synchronous) and keeps what it says about the steps in the window's record.

use crate::app::{blocking, data_dir, logged};
use crate::memory;
use crate::state::Current;
use crate::steps::update;
use famsync_core::api::{self, ApiKey, BillingSync, ServerWord, SignIns, SignedIn, Synced};
use famsync_core::progress::{self, Record};
use famsync_core::{install, Error, Installation};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, Manager, State};
use zeroize::Zeroizing;

type Result<T> = std::result::Result<T, Error>;

/// The window's sign-ins, one per installation, for as long as the app runs.
pub type Sessions = Arc<SignIns>;

/// Runs `f` with the sign-ins, the open installation and the data folder on a blocking
/// thread: the keyring and the network, never on an async worker.
async fn with_server<T, Fut>(
    app: &AppHandle,
    current: &Current,
    f: impl FnOnce(Sessions, Installation, PathBuf) -> Fut + Send + 'static,
) -> Result<T>
where
    T: Send + 'static,
    Fut: Future<Output = Result<T>>,
{
    let (inst, data) = (current.get()?, data_dir(app)?);
    let sessions = app.state::<Sessions>().inner().clone();
    blocking(move || tauri::async_runtime::block_on(f(sessions, inst, data))).await
}

/// Who famsync signs in as for the open installation (no sign-in happens).
#[tauri::command(async)]
pub fn api_signed_in(app: AppHandle, current: State<'_, Current>) -> Result<Option<SignedIn>> {
    app.state::<Sessions>().who(&current.get()?, &data_dir(&app)?)
}

/// Signs in with the personal API key the owner pasted; `keep` puts it in the keyring, else
/// it stays in memory until famsync quits. The page clears its fields.
#[tauri::command]
pub async fn api_log_in(
    app: AppHandle,
    current: State<'_, Current>,
    client_id: String,
    client_secret: String,
    keep: bool,
) -> Result<SignedIn> {
    let secret = Zeroizing::new(client_secret);
    let key = ApiKey::parse(&client_id, &secret)?;
    let signed = with_server(&app, &current, move |s, inst, data| async move {
        s.log_in(&inst, &data, key, keep).await
    });
    logged("sign in to the server", signed.await)
}

/// Forgets the key, in memory and in the keyring, and what the server said.
#[tauri::command]
pub async fn api_log_out(app: AppHandle, current: State<'_, Current>) -> Result<()> {
    let forgot = with_server(&app, &current, |s, inst, data| async move {
        let id = install::id_of(&inst)?;
        s.log_out(&data, &id)?;
        api::word::forget(&data, &id)
    });
    logged("forget the API key", forgot.await)
}

/// What the server said when famsync last asked it (no sign-in).
#[tauri::command(async)]
pub fn last_server_word(app: AppHandle, current: State<'_, Current>) -> Result<Option<ServerWord>> {
    let id = install::id_of(&current.get()?)?;
    Ok(api::word::last(&data_dir(&app)?, &id))
}

/// Asks the server now about cloud communication and the chosen organization.
#[tauri::command]
pub async fn ask_server(app: AppHandle, current: State<'_, Current>) -> Result<ServerWord> {
    let record = record(&app, &current)?;
    let org = record.organization.clone();
    let word = with_server(&app, &current, move |s, inst, data| async move {
        let session = s.session(&inst, &data).await?;
        let word = api::word::ask(&session, org.as_deref()).await?;
        api::word::remember(&data, &session.server.installation_id, &word)?;
        Ok(word)
    });
    let word = logged("ask the server", word.await)?;
    update(&app, &current, |r| r.saw_word(&word))?;
    Ok(word)
}

/// Step 4 by famsync: the keyring's token saved on the server, read back and compared.
#[tauri::command]
pub async fn save_on_server(
    app: AppHandle,
    current: State<'_, Current>,
    organization: String,
) -> Result<BillingSync> {
    let org = famsync_core::guid::organization_id(&organization)?;
    let o = org.clone();
    let held = with_server(&app, &current, move |s, inst, data| async move {
        api::apply_token(&*s.session(&inst, &data).await?, &o).await
    });
    let held = logged("save the token on the server", held.await)?;
    update(&app, &current, |r| {
        r.saw_server_token(&org, held.holds, progress::now())
    })?;
    Ok(held)
}

/// Step 5 by famsync: the server syncs the license from the cloud now.
#[tauri::command]
pub async fn sync_license(
    app: AppHandle,
    current: State<'_, Current>,
    organization: String,
) -> Result<Synced> {
    let org = famsync_core::guid::organization_id(&organization)?;
    let o = org.clone();
    let synced = with_server(&app, &current, move |s, inst, data| async move {
        let session = s.session(&inst, &data).await?;
        Ok(api::sync(&session, &o).await)
    });
    let result = logged("sync the license", synced.await?);
    update(&app, &current, |r| r.saw_sync(&org, &result, progress::now()))?;
    result
}

fn record(app: &AppHandle, current: &Current) -> Result<Record> {
    Ok(memory::record(app, &install::id_of(&current.get()?)?))
}
