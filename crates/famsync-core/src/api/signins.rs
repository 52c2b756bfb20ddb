//! The window's sign-ins, one per installation: the session is kept in memory for its hour
//! (so looking at the steps does not add a "Logged in" event each time), and a key given
//! "only for now" is kept here and nowhere else, until famsync quits or the owner forgets it.

use super::key::ApiKey;
use super::login::{self, Server, Session};
use crate::error::{Error, Result};
use crate::install::Installation;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A session this close to its end is not used again: a request must not outlive it.
const MARGIN: Duration = Duration::from_secs(120);

#[derive(Default)]
pub struct SignIns(Mutex<HashMap<String, Entry>>);

#[derive(Default)]
struct Entry {
    only_for_now: Option<Arc<ApiKey>>,
    session: Option<Arc<Session>>,
}

/// Who famsync signs in as for an installation, and where the key is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignedIn {
    /// The user's id (the guid of `user.<guid>`).
    pub user: String,
    /// The key is in the OS keyring (else only in famsync's memory, until it quits).
    pub kept: bool,
    /// The server's URL the requests go to.
    pub server: String,
}

impl SignIns {
    /// Signs in as `key`'s user. With `keep` the key goes to the keyring; without, it stays in
    /// memory only, and a key kept earlier for the installation is forgotten: one key at a time.
    pub async fn log_in(
        &self,
        inst: &Installation,
        data_dir: &Path,
        key: ApiKey,
        keep: bool,
    ) -> Result<SignedIn> {
        let session = login::log_in(inst, data_dir, &key, keep).await?;
        let id = session.server.installation_id.clone();
        if !keep {
            login::log_out(data_dir, &id)?;
        }
        let signed = SignedIn {
            user: key.user.clone(),
            kept: keep,
            server: session.server.base.clone(),
        };
        let entry = Entry {
            only_for_now: (!keep).then(|| Arc::new(key)),
            session: Some(Arc::new(session)),
        };
        self.entries().insert(id, entry);
        Ok(signed)
    }

    /// A session on `inst`'s server: the one in memory while it lasts, else a new sign-in with
    /// the key given for now or the one kept (`api_not_signed_in` when there is neither).
    pub async fn session(&self, inst: &Installation, data_dir: &Path) -> Result<Arc<Session>> {
        let server = Server::of(inst)?;
        let id = server.installation_id.clone();
        let (live, for_now) = {
            let entries = self.entries();
            let entry = entries.get(&id);
            let live = entry
                .and_then(|e| e.session.clone())
                .filter(|s| s.token.valid_for(MARGIN) && s.server.base == server.base);
            (live, entry.and_then(|e| e.only_for_now.clone()))
        };
        if let Some(session) = live {
            return Ok(session);
        }
        let key = match for_now {
            Some(key) => key,
            None => match login::kept_key(data_dir, &server)? {
                Some(key) => Arc::new(key),
                None => return Err(Error::ApiNotSignedIn { server: server.base }),
            },
        };
        let session = Arc::new(Session::start(server, data_dir, &key).await?);
        self.entries().entry(id).or_default().session = Some(session.clone());
        Ok(session)
    }

    /// Who famsync would sign in as, without signing in.
    pub fn who(&self, inst: &Installation, data_dir: &Path) -> Result<Option<SignedIn>> {
        let server = Server::of(inst)?;
        let for_now = self
            .entries()
            .get(&server.installation_id)
            .and_then(|e| e.only_for_now.as_ref().map(|k| k.user.clone()));
        let (user, kept) = match for_now {
            Some(user) => (user, false),
            None => match login::kept_user(data_dir, &server.installation_id) {
                Some(user) => (user, true),
                None => return Ok(None),
            },
        };
        Ok(Some(SignedIn {
            user,
            kept,
            server: server.base,
        }))
    }

    /// Forgets the key for the installation, in memory and in the keyring, and its session.
    pub fn log_out(&self, data_dir: &Path, installation_id: &str) -> Result<()> {
        self.entries().remove(installation_id);
        login::log_out(data_dir, installation_id).map(drop)
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves the map as it was: still usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
