//! What the running server itself says, for `famsync status` (the `server` object), `token
//! apply` and `sync`: who famsync signs in as, and the server's last word on cloud
//! communication and the chosen organization's billing sync. `status` shows the word kept
//! from the last request; only `--ask-server` signs in (each sign-in is a "Logged in" event).

use crate::commands::{block_on, Failure};
use crate::locate;
use crate::progress::when;
use famsync_core::api::{self, Holds, ServerWord, Session};
use famsync_core::{install, progress, Installation};
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

#[derive(Debug, Default, Serialize)]
pub struct ServerStatus {
    /// The user whose key is kept for the installation (`user.<guid>`), if any.
    pub signed_in: Option<String>,
    /// What the server last said, and when (null: famsync never asked it).
    pub word: Option<ServerWord>,
}

pub fn status(inst: &Installation, ask: bool) -> Result<ServerStatus, Failure> {
    let data = locate::data_dir();
    // Without an installation id there is no key and no word; step 0 says why.
    let Ok(id) = install::id_of(inst) else {
        return Ok(ServerStatus::default());
    };
    let word = match ask {
        true => {
            let session = block_on(api::resume(inst, &data))?;
            Some(block_on(refresh(&session, &data))?)
        }
        false => api::word::last(&data, &id),
    };
    Ok(ServerStatus {
        signed_in: api::kept_user(&data, &id).map(|u| format!("user.{u}")),
        word,
    })
}

/// Asks the server about cloud communication and the chosen organization, keeps its word and
/// what it says of step 4 in the progress record.
pub async fn refresh(session: &Session, data: &Path) -> famsync_core::Result<ServerWord> {
    let id = &session.server.installation_id;
    let mut record = progress::load(data, id);
    let word = api::word::ask(session, record.organization.as_deref()).await?;
    api::word::remember(data, id, &word)?;
    record.saw_word(&word);
    progress::save(data, id, &record)?;
    Ok(word)
}

pub fn render(o: &mut String, s: &ServerStatus) {
    let user = s.signed_in.as_deref();
    let Some(w) = &s.word else {
        if let Some(user) = user {
            let _ = writeln!(
                o,
                "\nYour server: famsync signs in as {user} (famsync status --ask-server asks it now)."
            );
        }
        return;
    };
    let _ = writeln!(
        o,
        "\nYour server {} said, {} (famsync status --ask-server asks again):",
        w.server,
        when(w.asked_at)
    );
    let on = if w.cloud_communication {
        "on"
    } else {
        "OFF (restart Bitwarden so it reads the settings: famsync restart)"
    };
    let _ = writeln!(o, "  cloud communication in the running server: {on}");
    if let Some(org) = &w.organization {
        let b = &org.billing_sync;
        let holds = match (b.configured, b.holds) {
            (false, _) => "no billing sync set up: famsync token apply --org ID",
            (true, Holds::ThisToken) => "holds this token",
            (true, Holds::OtherToken) => {
                "holds another token than famsync's: famsync token apply --org ID replaces it"
            }
            (true, Holds::NoToken) => "set up without a token: famsync token apply --org ID",
        };
        let _ = writeln!(
            o,
            "  billing sync of {}: {holds}{}",
            org.id,
            if b.enabled || !b.configured {
                ""
            } else {
                " (disabled)"
            }
        );
        let _ = writeln!(
            o,
            "  license last synced: {}",
            b.last_license_sync.as_deref().unwrap_or("never")
        );
        let _ = writeln!(
            o,
            "  sponsorships last synced: {}",
            org.sponsorships_synced
                .as_deref()
                .unwrap_or("never (none to sync yet, or the daily job has not run)")
        );
    }
}
