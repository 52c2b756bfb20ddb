//! The OS keyring, famsync's only store for secrets: service `famsync`, one entry per account
//! name the caller gives. When the keyring is missing, locked or refuses, a typed error says
//! so; there is no plaintext fallback.
//!
//! Keyring calls block (the sync Secret Service client): call them off any async runtime's
//! worker threads (spawn_blocking in the app).

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The keyring service name every entry is filed under.
pub const SERVICE: &str = "famsync";

fn entry(account: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, account).map_err(keyring_error)
}

/// Saves (or replaces) the secret filed under `account`.
pub fn store(account: &str, secret: &Secret) -> Result<()> {
    entry(account)?
        .set_password(secret.expose())
        .map_err(keyring_error)
}

/// The secret filed under `account`; None when there is none.
pub fn reveal(account: &str) -> Result<Option<Secret>> {
    match entry(account)?.get_password() {
        Ok(text) => Ok(Some(Secret::new(text))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    }
}

/// Deletes the secret filed under `account`; true when there was one.
pub fn delete(account: &str) -> Result<bool> {
    match entry(account)?.delete_credential() {
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
