//! Signing in to an installation's own server and out again: where the server is (its URL, as
//! the checks use it, with the owner's pinned certificate), which user's key is kept for it
//! (a record with the user id, nothing secret), and the key's secret in the keyring.

use super::key::{ApiKey, KeySlot};
use super::signin::{sign_in, AccessToken, Device};
use crate::error::{Error, Result};
use crate::install::{self, Installation};
use std::path::Path;
use std::time::Duration;

/// How long one request to the server's API may take.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// The record naming the user whose key is kept for an installation, and the server URL it
/// was given for.
const KIND: &str = "api-key-for";

#[derive(serde::Serialize, serde::Deserialize)]
struct KeptFor {
    user: String,
    server: String,
}

/// Where an installation's server is, and the installation's id.
pub struct Server {
    pub installation_id: String,
    /// Its public URL (FAMSYNC_SERVER_URL instead, in tests).
    pub base: String,
}

impl Server {
    pub fn of(inst: &Installation) -> Result<Server> {
        let doc = inst.kind.view(&inst.read_env()?.bytes);
        let installation_id = install::installation_id(&doc, &inst.env_file)?;
        let base = crate::server::url_override()
            .or_else(|| install::server_url(inst, &doc))
            .ok_or_else(|| Error::ServerUrlMissing {
                config: inst.bwdata.join("config.yml"),
            })?;
        Ok(Server {
            installation_id,
            base,
        })
    }
}

/// Signs in to `inst`'s server as `key`'s user; with `keep`, the key is then kept in the
/// keyring for this installation (replacing another user's) so later commands sign in alone.
pub async fn log_in(inst: &Installation, data_dir: &Path, key: &ApiKey, keep: bool) -> Result<Session> {
    let session = Session::start(Server::of(inst)?, data_dir, key).await?;
    if keep {
        keep_key(
            data_dir,
            &session.server.installation_id,
            &session.server.base,
            key,
        )?;
    }
    Ok(session)
}

/// `key` becomes the one kept for the installation: another user's is forgotten first.
fn keep_key(data_dir: &Path, installation_id: &str, server: &str, key: &ApiKey) -> Result<()> {
    log_out(data_dir, installation_id)?;
    // The record first: a secret in the keyring that no record names could never be forgotten
    // by `logout` (found by the adversarial run: a record that could not be written left the
    // key stored, and the login said nothing was changed).
    let kept = KeptFor {
        user: key.user.clone(),
        server: server.to_string(),
    };
    crate::records::save(data_dir, KIND, installation_id, &kept)?;
    KeySlot::new(installation_id, &key.user)
        .store(key)
        .inspect_err(|_| {
            let _ = crate::records::remove(data_dir, KIND, installation_id);
        })
}

/// A client for `server` (trusting the owner's pin for its host) and a session signed in as
/// `key`'s user.
async fn sign_in_to(
    server: &Server,
    data_dir: &Path,
    key: &ApiKey,
) -> Result<(crate::http::Http, AccessToken)> {
    // The key, then the token, would cross the network readable by anyone on the way.
    if !crate::links::private(&server.base) {
        return Err(Error::ApiPlainHttp {
            server: server.base.clone(),
        });
    }
    let pin = crate::trust::pinned(data_dir, &server.installation_id);
    let client = crate::http::for_secrets(TIMEOUT, pin.as_ref());
    let token = sign_in(&client, &server.base, key, &Device::of(data_dir)).await?;
    Ok((client, token))
}

/// A session on an installation's server, signed in with the key kept for it.
pub struct Session {
    pub server: Server,
    pub client: crate::http::Http,
    pub token: AccessToken,
    /// The user signed in (the guid of `user.<guid>`).
    pub user: String,
}

impl Session {
    pub fn api(&self) -> super::Api<'_> {
        super::Api {
            client: &self.client,
            base: &self.server.base,
            token: &self.token,
        }
    }
}

/// Signs in to `inst`'s server with the key kept for it (`api_not_signed_in` when none is).
pub async fn resume(inst: &Installation, data_dir: &Path) -> Result<Session> {
    let server = Server::of(inst)?;
    let Some(key) = kept_key(data_dir, &server)? else {
        return Err(Error::ApiNotSignedIn { server: server.base });
    };
    Session::start(server, data_dir, &key).await
}

impl Session {
    /// Signs in to `server` as `key`'s user.
    pub async fn start(server: Server, data_dir: &Path, key: &ApiKey) -> Result<Session> {
        let (client, token) = sign_in_to(&server, data_dir, key).await?;
        Ok(Session {
            server,
            client,
            token,
            user: key.user.clone(),
        })
    }
}

/// Step 4 by famsync: the billing sync token kept in the keyring for `org` saved on the
/// server (a new connection, or the one there updated), then read back and compared.
pub async fn apply_token(session: &Session, org: &str) -> Result<super::BillingSync> {
    let org = crate::guid::organization_id(org)?;
    let slot = crate::token::Slot::new(&session.server.installation_id, &org)?;
    let Some(token) = crate::token::reveal(&slot)? else {
        return Err(Error::TokenMissing { organization: org });
    };
    super::connections::save_token(&session.api(), &org, &token).await
}

/// What a license sync by famsync did: the server's billing sync after it (its
/// `LastLicenseSync`) and when it last synced the sponsorships.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Synced {
    pub billing_sync: super::BillingSync,
    pub sponsorships_synced: Option<String>,
}

/// Step 5 by famsync: the server syncs `org`'s license from the cloud now; then what it holds.
pub async fn sync(session: &Session, org: &str) -> Result<Synced> {
    let org = crate::guid::organization_id(org)?;
    let api = session.api();
    super::license::sync_license(&api, &org).await?;
    let slot = crate::token::Slot::new(&session.server.installation_id, &org)?;
    let token = crate::token::reveal(&slot)?;
    // The license synced: a sync-status the server will not answer afterwards does not undo
    // that, it only leaves the sponsorships' date unknown.
    Ok(Synced {
        billing_sync: super::connections::billing_sync(&api, &org, token.as_ref()).await?,
        sponsorships_synced: super::license::sponsorships_synced(&api, &org)
            .await
            .unwrap_or(None),
    })
}

/// The user whose key is kept for the installation, if any.
pub fn kept_user(data_dir: &Path, installation_id: &str) -> Option<String> {
    crate::records::load::<KeptFor>(data_dir, KIND, installation_id).map(|k| k.user)
}

/// The key kept for the installation's server, if any. A key given for another URL is not
/// sent to this one (`api_server_changed`): the owner signs in again where it now points.
pub fn kept_key(data_dir: &Path, server: &Server) -> Result<Option<ApiKey>> {
    let id = &server.installation_id;
    let Some(kept) = crate::records::load::<KeptFor>(data_dir, KIND, id) else {
        return Ok(None);
    };
    if kept.server != server.base {
        return Err(Error::ApiServerChanged {
            kept: kept.server,
            now: server.base.clone(),
        });
    }
    KeySlot::new(id, &kept.user).load()
}

/// Forgets the key kept for the installation; the user it was for, if there was one.
pub fn log_out(data_dir: &Path, installation_id: &str) -> Result<Option<String>> {
    let Some(user) = kept_user(data_dir, installation_id) else {
        return Ok(None);
    };
    KeySlot::new(installation_id, &user).forget()?;
    crate::records::remove(data_dir, KIND, installation_id)?;
    Ok(Some(user))
}
