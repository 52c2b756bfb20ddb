//! The billing sync token: validated when pasted, held in memory in a type that zeroizes itself
//! and never prints (Debug, Display and serde all say "<redacted>"), and stored only in the OS
//! keyring — service `famsync`, one entry per installation id and organization id. When the
//! keyring is missing, locked or refuses, a typed error says so; there is no plaintext fallback.
//!
//! Keyring calls block (the sync Secret Service client): call them off any async runtime's
//! worker threads (spawn_blocking in the app).

use crate::error::{Error, Result};
use serde::Serialize;
use zeroize::Zeroizing;

/// The keyring service name every entry is filed under.
pub const SERVICE: &str = "famsync";
/// The cloud's billing-sync API keys: 30 characters from [A-Za-z0-9] (bitwarden-facts.md).
pub const LENGTH: usize = 30;

/// A billing sync token that passed validation. Its text is wiped from memory when dropped.
pub struct Token(Zeroizing<String>);

impl Token {
    /// What the owner pasted: surrounding blanks and line breaks are dropped; anything else that
    /// is not 30 letters and digits is refused, and the error never contains the text.
    pub fn parse(pasted: &str) -> Result<Token> {
        let text = pasted.trim();
        let chars = text.chars().count();
        let reason = if text.is_empty() {
            Some(TokenReason::Empty)
        } else if let Some(i) = text.chars().position(|c| !c.is_ascii_alphanumeric()) {
            Some(TokenReason::NotAlphanumeric { position: i + 1 })
        } else if chars != LENGTH {
            Some(TokenReason::WrongLength { length: chars })
        } else {
            None
        };
        match reason {
            Some(reason) => Err(Error::TokenInvalid { reason }),
            None => Ok(Token(Zeroizing::new(text.to_string()))),
        }
    }

    /// The token itself, for the keyring and for an explicit reveal or copy.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Serialize for Token {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str("<redacted>")
    }
}

/// Why a pasted text is not a billing sync token (never the text itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum TokenReason {
    Empty,
    /// It has `length` characters, not 30.
    WrongLength {
        length: usize,
    },
    /// The character at `position` (1-based) is not a letter or digit.
    NotAlphanumeric {
        position: usize,
    },
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

    fn entry(&self) -> Result<keyring::Entry> {
        let user = format!("{}/{}", self.installation_id, self.organization_id);
        keyring::Entry::new(SERVICE, &user).map_err(keyring_error)
    }
}

/// Saves (or replaces) the token for `slot`.
pub fn store(slot: &Slot, token: &Token) -> Result<()> {
    slot.entry()?.set_password(token.expose()).map_err(keyring_error)
}

/// The stored token, for an explicit reveal or copy; None when there is none.
pub fn reveal(slot: &Slot) -> Result<Option<Token>> {
    match slot.entry()?.get_password() {
        Ok(text) => Ok(Some(Token(Zeroizing::new(text)))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    }
}

/// Whether a token is stored for `slot` (read, checked, and wiped at once).
pub fn present(slot: &Slot) -> Result<bool> {
    reveal(slot).map(|t| t.is_some())
}

/// Deletes the stored token; true when there was one.
pub fn delete(slot: &Slot) -> Result<bool> {
    match slot.entry()?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(keyring_error(e)),
    }
}

/// The keyring's errors, as famsync's: never with the platform's text (it may quote a value).
fn keyring_error(e: keyring::Error) -> Error {
    match e {
        // No D-Bus session, no Secret Service on it, or the platform store failed outright.
        keyring::Error::PlatformFailure(_) => Error::KeyringUnavailable,
        // The store is there but locked, or the unlock prompt was dismissed.
        keyring::Error::NoStorageAccess(_) => Error::KeyringLocked,
        _ => Error::KeyringRefused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";

    fn reason(pasted: &str) -> TokenReason {
        match Token::parse(pasted) {
            Err(Error::TokenInvalid { reason }) => reason,
            other => panic!("accepted: {other:?}"),
        }
    }

    #[test]
    fn a_pasted_token_is_trimmed_and_checked() {
        assert_eq!(Token::parse(&format!("  {GOOD}\r\n")).unwrap().expose(), GOOD);
        assert_eq!(reason(" \n"), TokenReason::Empty);
        assert_eq!(reason(&GOOD[..29]), TokenReason::WrongLength { length: 29 });
        assert_eq!(
            reason(&format!("{GOOD}9")),
            TokenReason::WrongLength { length: 31 }
        );
        assert_eq!(
            reason(&format!("{}-{}", &GOOD[..10], &GOOD[11..])),
            TokenReason::NotAlphanumeric { position: 11 }
        );
        assert_eq!(
            reason("AbCdEfGhIjKlMnOpQrStUvWxYz012é"),
            TokenReason::NotAlphanumeric { position: 30 }
        );
    }

    #[test]
    fn a_token_never_prints() {
        let t = Token::parse(GOOD).unwrap();
        let shown = format!("{t} {t:?} {}", serde_json::to_string(&t).unwrap());
        assert!(!shown.contains(GOOD), "{shown}");
        let err = Token::parse(&format!("{GOOD}!")).unwrap_err();
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
