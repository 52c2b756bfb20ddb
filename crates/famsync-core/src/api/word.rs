//! The running server's own word on the procedure, as famsync last heard it: whether cloud
//! communication is on in the process that runs (not only in the file), what the chosen
//! organization's billing sync connection holds, when the license and the sponsorships last
//! synced. Nothing in it is secret, so it is kept (`<data_dir>/server-word/<installation>.json`)
//! and `famsync status` shows it without signing in again.

use super::connections::{self, BillingSync};
use super::license;
use super::login::Session;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::path::Path;

const KIND: &str = "server-word";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ServerWord {
    /// When famsync asked (unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub asked_at: u64,
    /// The server asked, and the user famsync signed in as.
    pub server: String,
    pub user: String,
    /// `GET organizations/connections/enabled`: cloud communication in the running server.
    pub cloud_communication: bool,
    /// The chosen organization's side, when one is chosen.
    pub organization: Option<OrganizationWord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrganizationWord {
    pub id: String,
    pub billing_sync: BillingSync,
    /// When the sponsorships last synced with the cloud (None: never, or none to sync yet).
    pub sponsorships_synced: Option<String>,
}

/// Asks the server, as `session`'s user, about cloud communication and `org`.
pub async fn ask(session: &Session, org: Option<&str>) -> Result<ServerWord> {
    let api = session.api();
    let cloud_communication = connections::cloud_communication(&api).await?;
    let organization = match org {
        Some(org) => Some(ask_organization(session, org).await?),
        None => None,
    };
    Ok(ServerWord {
        asked_at: crate::progress::now(),
        server: session.server.base.clone(),
        user: session.user.clone(),
        cloud_communication,
        organization,
    })
}

async fn ask_organization(session: &Session, org: &str) -> Result<OrganizationWord> {
    let org = crate::guid::organization_id(org)?;
    let api = session.api();
    let slot = crate::token::Slot::new(&session.server.installation_id, &org)?;
    let token = crate::token::reveal(&slot)?;
    Ok(OrganizationWord {
        billing_sync: connections::billing_sync(&api, &org, token.as_ref()).await?,
        sponsorships_synced: license::sponsorships_synced(&api, &org).await?,
        id: org,
    })
}

/// Keeps what the server said, for `status` and the next opening.
pub fn remember(data_dir: &Path, installation_id: &str, word: &ServerWord) -> Result<()> {
    crate::records::save(data_dir, KIND, installation_id, word)
}

/// What the server last said, if famsync ever asked it.
pub fn last(data_dir: &Path, installation_id: &str) -> Option<ServerWord> {
    crate::records::load(data_dir, KIND, installation_id)
}

/// Forgets it (on logging out: it was heard as that user).
pub fn forget(data_dir: &Path, installation_id: &str) -> Result<()> {
    crate::records::remove(data_dir, KIND, installation_id)
}
