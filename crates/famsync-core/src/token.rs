//! The billing sync token: validated when pasted, held in memory in a type that zeroizes itself
//! and never prints (Debug, Display and serde all say "<redacted>"), and stored only in the OS
//! keyring — service `famsync`, one entry per installation id and organization id. When the
//! keyring is missing, locked or refuses, a typed error says so; there is no plaintext fallback.
//!
//! Keyring calls block (the sync Secret Service client): call them off any async runtime's
//! worker threads (spawn_blocking in the app).

use crate::error::{Error, Result};
use crate::keystore;
pub use crate::keystore::SERVICE;
pub use crate::secret::{KeyReason as TokenReason, Secret as Token, KEY_LENGTH as LENGTH};

/// A pasted billing sync token, checked (crate::secret): the error never contains the text.
pub fn parse(pasted: &str) -> Result<Token> {
    Token::key(pasted).map_err(|reason| Error::TokenInvalid { reason })
}

/// Which token: the organization's, on this installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    installation_id: String,
    organization_id: String,
}

impl Slot {
    pub fn new(installation_id: &str, organization_id: &str) -> Result<Slot> {
        Ok(Slot {
            installation_id: installation_id.to_ascii_lowercase(),
            organization_id: crate::guid::organization_id(organization_id)?,
        })
    }

    fn account(&self) -> String {
        format!("{}/{}", self.installation_id, self.organization_id)
    }
}

/// Saves (or replaces) the token for `slot`.
pub fn store(slot: &Slot, token: &Token) -> Result<()> {
    keystore::store(&slot.account(), token)
}

/// The stored token, for an explicit reveal or copy; None when there is none.
pub fn reveal(slot: &Slot) -> Result<Option<Token>> {
    keystore::reveal(&slot.account())
}

/// Whether a token is stored for `slot` (read, checked, and wiped at once).
pub fn present(slot: &Slot) -> Result<bool> {
    reveal(slot).map(|t| t.is_some())
}

/// Deletes the stored token; true when there was one.
pub fn delete(slot: &Slot) -> Result<bool> {
    keystore::delete(&slot.account())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";

    #[test]
    fn a_bad_token_is_refused_and_the_error_never_holds_it() {
        assert_eq!(parse(&format!("  {GOOD}\r\n")).unwrap().expose(), GOOD);
        let err = parse(&format!("{GOOD}!")).unwrap_err();
        assert!(matches!(
            &err,
            Error::TokenInvalid {
                reason: TokenReason::NotAlphanumeric { position: 31 }
            }
        ));
        assert!(!format!("{err:?} {}", serde_json::to_string(&err).unwrap()).contains(GOOD));
    }

    #[test]
    fn an_organization_must_be_a_guid() {
        assert!(Slot::new("i", "6F1A2B3C-0D4E-4F5A-8B6C-7D8E9F0A1B2C").is_ok());
        assert!(matches!(
            Slot::new("i", "my org"),
            Err(Error::OrganizationIdInvalid { .. })
        ));
    }
}
