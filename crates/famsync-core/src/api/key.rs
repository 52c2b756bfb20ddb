//! The personal API key: `client_id` (`user.<guid>`, not secret) and `client_secret` (a
//! 30-character key, crate::secret). The secret is kept only in the OS keyring, one entry per
//! installation and user, or only in the front end's memory when the owner says so.

use crate::error::{Error, Result};
use crate::keystore;
use crate::secret::Secret;
use serde::Serialize;

/// A personal API key whose shape is right (the server alone says whether it is valid).
#[derive(Debug)]
pub struct ApiKey {
    /// The user's id, lower-case: the GUID of `user.<guid>`.
    pub user: String,
    pub secret: Secret,
}

/// Why a text is not a personal API key's `client_id` (never the text: the owner may have
/// pasted the secret in its place).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ClientIdReason {
    Empty,
    /// `organization.<guid>`: the organization's API key, which cannot manage billing sync
    /// (its scope is `api.organization`).
    OrganizationKey,
    /// Not `user.` followed by a GUID.
    NotUserId,
    /// Shaped like the client_secret (30 letters and digits): the secret given in the id's
    /// place, so on a command line it is now in the shell's history.
    LooksLikeSecret,
}

impl ApiKey {
    /// Checks the shape of both parts: `client_id` as `user.<guid>`, the secret as 30 letters
    /// and digits. Blanks around either are dropped.
    pub fn parse(client_id: &str, secret: &str) -> Result<ApiKey> {
        let user = parse_client_id(client_id)?;
        let secret = Secret::key(secret).map_err(|reason| Error::ApiSecretInvalid { reason })?;
        Ok(ApiKey { user, secret })
    }

    pub fn client_id(&self) -> String {
        format!("user.{}", self.user)
    }
}

/// The user id in `user.<guid>`.
pub fn parse_client_id(text: &str) -> Result<String> {
    let text = text.trim();
    let refuse = |reason| Err(Error::ApiClientIdInvalid { reason });
    if text.is_empty() {
        return refuse(ClientIdReason::Empty);
    }
    if text.to_ascii_lowercase().starts_with("organization.") {
        return refuse(ClientIdReason::OrganizationKey);
    }
    match text.strip_prefix("user.") {
        Some(id) if crate::guid::is_guid(id) => Ok(id.to_ascii_lowercase()),
        _ if Secret::key(text).is_ok() => refuse(ClientIdReason::LooksLikeSecret),
        _ => refuse(ClientIdReason::NotUserId),
    }
}

/// Where one user's API key secret is kept for one installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySlot {
    installation_id: String,
    user: String,
}

impl KeySlot {
    pub fn new(installation_id: &str, user: &str) -> KeySlot {
        KeySlot {
            installation_id: installation_id.to_ascii_lowercase(),
            user: user.to_ascii_lowercase(),
        }
    }

    fn account(&self) -> String {
        format!("api-key/{}/{}", self.installation_id, self.user)
    }

    /// Keeps the key's secret in the keyring (replacing any kept before).
    pub fn store(&self, key: &ApiKey) -> Result<()> {
        keystore::store(&self.account(), &key.secret)
    }

    /// The key kept for this user, None when there is none.
    pub fn load(&self) -> Result<Option<ApiKey>> {
        Ok(keystore::reveal(&self.account())?.map(|secret| ApiKey {
            user: self.user.clone(),
            secret,
        }))
    }

    /// Forgets the kept key; true when there was one.
    pub fn forget(&self) -> Result<bool> {
        keystore::delete(&self.account())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "6F1A2B3C-0D4E-4F5A-8B6C-7D8E9F0A1B2C";
    const SECRET: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";

    fn reason(client_id: &str) -> ClientIdReason {
        match ApiKey::parse(client_id, SECRET) {
            Err(Error::ApiClientIdInvalid { reason }) => reason,
            other => panic!("accepted {client_id:?}: {other:?}"),
        }
    }

    #[test]
    fn a_key_is_user_and_a_guid_with_a_30_character_secret() {
        let key = ApiKey::parse(&format!(" user.{USER}\n"), &format!("{SECRET}\r\n")).unwrap();
        assert_eq!(key.client_id(), format!("user.{}", USER.to_ascii_lowercase()));
        assert_eq!(reason(""), ClientIdReason::Empty);
        assert_eq!(
            reason(&format!("organization.{USER}")),
            ClientIdReason::OrganizationKey
        );
        assert_eq!(reason(USER), ClientIdReason::NotUserId);
        assert_eq!(reason("user.me"), ClientIdReason::NotUserId);
        assert_eq!(reason(SECRET), ClientIdReason::LooksLikeSecret);
        // The secret pasted where the id belongs is refused without being echoed.
        let err = ApiKey::parse(SECRET, SECRET).unwrap_err();
        assert!(!serde_json::to_string(&err).unwrap().contains(SECRET));
        assert!(matches!(
            ApiKey::parse(&format!("user.{USER}"), "short"),
            Err(Error::ApiSecretInvalid { .. })
        ));
    }

    #[test]
    fn a_key_never_prints_its_secret() {
        let key = ApiKey::parse(&format!("user.{USER}"), SECRET).unwrap();
        assert!(!format!("{key:?}").contains(SECRET));
    }
}
