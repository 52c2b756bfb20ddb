//! Steps 3 to 5 and the progress model, for the window: each command checks its input, calls
//! famsync-core, and keeps the non-secret record in the app's store. Keyring calls run on a
//! blocking thread (the Secret Service client is synchronous).

use crate::app::{blocking, data_dir, logged};
use crate::clipboard;
use crate::memory;
use crate::state::Current;
use famsync_core::links::{self, Links};
use famsync_core::progress::{self, Progress, Record, StepId, TokenSeen};
use famsync_core::token::{self, Slot};
use famsync_core::{install, status, Error, Installation};
use serde::Serialize;
use std::time::Duration;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

type Result<T> = std::result::Result<T, Error>;

/// How long a copied token stays on the clipboard: 60 s, or FAMSYNC_CLIPBOARD_SECONDS (tests).
fn clipboard_life() -> Duration {
    let seconds = std::env::var("FAMSYNC_CLIPBOARD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    Duration::from_secs(seconds.unwrap_or(60))
}

#[derive(Serialize)]
pub struct ProgressView {
    pub progress: Progress,
    pub record: Record,
    /// The chosen organization's pages, when one is chosen.
    pub links: Option<Links>,
}

/// Every step's status, from the installation, the keyring and the record.
#[tauri::command]
pub async fn progress(app: AppHandle, current: State<'_, Current>) -> Result<ProgressView> {
    let inst = current.get()?;
    let report = status::with_applied(status::current(&inst)?, &data_dir(&app)?);
    // Without a valid installation id there is no record and no token slot: step 0 says why.
    let id = report.installation.installation_id.clone();
    let record = id
        .as_deref()
        .map(|id| memory::record(&app, id))
        .unwrap_or_default();
    let seen = match (&id, record.organization.clone()) {
        (Some(id), Some(org)) => Some(token_seen(id, &org).await),
        _ => None,
    };
    let links = record
        .organization
        .as_deref()
        .map(|org| page_links(&inst, org))
        .transpose()?;
    Ok(ProgressView {
        progress: progress::derive(&report, seen, &record),
        record,
        links,
    })
}

async fn token_seen(id: &str, org: &str) -> TokenSeen {
    let slot = Slot::new(id, org);
    match blocking(move || slot.and_then(|s| token::present(&s))).await {
        Ok(true) => TokenSeen::Present,
        Ok(false) => TokenSeen::Absent,
        Err(_) => TokenSeen::KeyringUnavailable,
    }
}

fn page_links(inst: &Installation, org: &str) -> Result<Links> {
    let doc = inst.kind.view(&inst.read_env()?.bytes);
    let region = famsync_core::region::served(&famsync_core::region::read_state(&doc))?;
    links::links(region, install::server_url(inst, &doc).as_deref(), org)
}

/// Changes the record of the open installation and keeps it.
pub fn update(app: &AppHandle, current: &Current, f: impl FnOnce(&mut Record)) -> Result<()> {
    let id = install::id_of(&current.get()?)?;
    let mut record = memory::record(app, &id);
    f(&mut record);
    memory::save_record(app, &id, &record);
    Ok(())
}

#[tauri::command(async)]
pub fn remember_step(app: AppHandle, current: State<'_, Current>, step: StepId) -> Result<()> {
    update(&app, &current, |r| r.last_step = Some(step))
}

#[tauri::command(async)]
pub fn choose_organization(app: AppHandle, current: State<'_, Current>, organization: String) -> Result<()> {
    let org = famsync_core::guid::organization_id(&organization)?;
    update(&app, &current, |r| r.choose(&org))
}

/// Step 4 or 5 done, in the owner's words.
#[tauri::command(async)]
pub fn confirm_step(app: AppHandle, current: State<'_, Current>, step: StepId) -> Result<()> {
    logged(
        &format!("confirm {step:?}"),
        update(&app, &current, |r| r.confirm(step, progress::now())),
    )
}

/// Step 3: the pasted token, checked and saved in the keyring. It is wiped from memory here;
/// the page clears its field.
#[tauri::command]
pub async fn save_token(
    app: AppHandle,
    current: State<'_, Current>,
    organization: String,
    token: String,
) -> Result<()> {
    let pasted = Zeroizing::new(token);
    let id = install::id_of(&current.get()?)?;
    let slot = Slot::new(&id, &organization)?;
    let token = token::parse(&pasted)?;
    let org = famsync_core::guid::organization_id(&organization)?;
    logged(
        "save token in the keyring",
        blocking(move || token::store(&slot, &token)).await,
    )?;
    update(&app, &current, |r| r.token_saved(&org, progress::now()))
}

/// Deletes the organization's token from the keyring (to start over, or when done with it).
#[tauri::command]
pub async fn delete_token(current: State<'_, Current>, organization: String) -> Result<bool> {
    let slot = Slot::new(&install::id_of(&current.get()?)?, &organization)?;
    logged(
        "delete token from the keyring",
        blocking(move || token::delete(&slot)).await,
    )
}

/// Step 4: the token onto the clipboard, and off it again after a minute unless the owner has
/// copied something else meanwhile.
#[tauri::command]
pub async fn copy_token(app: AppHandle, current: State<'_, Current>, organization: String) -> Result<bool> {
    let slot = Slot::new(&install::id_of(&current.get()?)?, &organization)?;
    let Some(token) = blocking(move || token::reveal(&slot)).await? else {
        return Ok(false);
    };
    let secret = Zeroizing::new(token.expose().to_string());
    if !clipboard::offer(&app, secret, clipboard_life()).await {
        return Err(Error::Io {
            path: "clipboard".into(),
            kind: "Unsupported".into(),
            os_code: None,
        });
    }
    Ok(true)
}

/// Opens one of the organization's pages (built here, never a URL from the page).
#[tauri::command(async)]
pub fn open_page(current: State<'_, Current>, organization: String, page: Page) -> Result<()> {
    let l = page_links(&current.get()?, &organization)?;
    let url = match page {
        Page::CloudBilling => Some(l.cloud_billing),
        Page::SelfHostedBilling => l.self_hosted_billing,
        Page::AdminOrganization => l.admin_organization,
    };
    if let (None, Some(refused)) = (&url, l.problem) {
        return Err(refused);
    }
    let url = url.ok_or_else(|| Error::ServerUrlMissing {
        config: current
            .get()
            .map(|i| i.bwdata.join("config.yml"))
            .unwrap_or_default(),
    })?;
    // Checked again at the door: only web pages reach the desktop's opener.
    links::openable(&url)?;
    crate::app::open_outside(url, "browser".into())
}

#[derive(serde::Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum Page {
    CloudBilling,
    SelfHostedBilling,
    AdminOrganization,
}
